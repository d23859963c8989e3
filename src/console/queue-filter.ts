import type { Handoff, HandoffReason, HandoffUrgency } from "../domain/handoff.js";
import type { ChannelKind } from "../domain/message.js";
import type { ConsoleDeps } from "./console-deps.js";
import { fold, matchesPerson, phoneDigits } from "./search.js";

export interface QueueFilters {
  readonly urgency?: HandoffUrgency | undefined;
  readonly reason?: HandoffReason | undefined;
  readonly channel?: ChannelKind | undefined;
  /** Name, phone number or words of the conversation. */
  readonly q: string;
}

/**
 * The queue after the staff member's filters and search. A search matches a number in the
 * conversation id or left while waiting, the name on the conversation's booking, or words
 * anywhere in the transcript (the person's, the bot's or staff's).
 */
export async function filterQueue(deps: Pick<ConsoleDeps, "store" | "bookings">, handoffs: readonly Handoff[], f: QueueFilters): Promise<Handoff[]> {
  const kept = handoffs.filter((h) => (!f.urgency || h.urgency === f.urgency) && (!f.reason || h.reason === f.reason) && (!f.channel || h.channel === f.channel));
  if (!f.q) return kept;
  const needle = fold(f.q);
  const byPhone = phoneDigits(f.q) !== null;
  const hits = await Promise.all(
    kept.map(async (h) => {
      const booking = deps.bookings ? await deps.bookings.findByConversation(h.conversationId) : null;
      if (matchesPerson(f.q, [h.conversationId, h.contact?.value, booking?.name, booking?.phone])) return true;
      if (byPhone) return false;
      const transcript = await deps.store.transcripts.list(h.conversationId);
      return transcript.some((line) => fold(line.text).includes(needle));
    }),
  );
  return kept.filter((_, i) => hits[i]);
}
