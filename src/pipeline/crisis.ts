import type { InboundMessage, Reply } from "../domain/message.js";
import type { TranscriptEntry } from "../domain/transcript.js";
import type { TurnServices } from "./context.js";
import { newConversationState } from "../state/conversation-state.js";
import { replyFrom } from "./say.js";
import { withTimeLimit } from "../util/time-limit.js";

/** Saving a crisis turn gives up after this long; the reply and the staff alert never wait for it. */
const PERSIST_BUDGET_MS = 10_000;

/** The crisis reply: built from templates alone, with no I/O, so nothing can delay it. */
export function crisisReplies(services: TurnServices): Reply[] {
  return [replyFrom("crisis", services.phrases.crisis, { intent: "crisis" })];
}

/**
 * Everything a crisis does besides replying: alert staff with an urgent handoff, flag the
 * conversation so later replies stay gentle, and keep the transcript. Runs after the reply
 * is on its way; each part survives the others failing, and staff are alerted even when
 * the store is down.
 */
export async function recordCrisis(services: TurnServices, message: InboundMessage, replies: readonly Reply[], category: string): Promise<void> {
  const { store, handoffs, logger } = services;
  logger.error({ alert: "crisis", category, conversationId: message.conversationId, channel: message.channel }, "crisis message detected");
  const handoff = handoffs.open({ conversationId: message.conversationId, channel: message.channel, reason: "crisis" });
  const persist = withTimeLimit(
    store.locks.withLock(
      message.conversationId,
      async () => {
        const now = services.now();
        const state = (await store.conversations.load(message.conversationId)) ?? newConversationState(message.conversationId, message.channel, now);
        const opened = await handoff;
        await store.conversations.save({
          ...state,
          turns: state.turns + 1,
          crisis: true,
          disclosed: true,
          dialog: null,
          offer: undefined,
          handoffId: opened.id.startsWith("unsaved-") ? state.handoffId : opened.id,
          updatedAt: now.toISOString(),
        });
        await store.transcripts.append(message.conversationId, transcriptLines(message, replies, { crisis: true, intent: "crisis" }));
      },
      { waitMs: 5000 },
    ),
    PERSIST_BUDGET_MS,
    "crisis turn save timed out",
  ).catch((err: unknown) => logger.error({ err, conversationId: message.conversationId }, "crisis turn not saved"));
  await Promise.all([handoff, persist]);
}

/** The person's line and the bot's lines of one turn, as transcript entries. */
export function transcriptLines(
  message: InboundMessage,
  replies: readonly Reply[],
  personExtras: { intent?: string; faqId?: string; crisis?: boolean },
  at: Date = new Date(),
): TranscriptEntry[] {
  const person: TranscriptEntry = {
    at: message.receivedAt.toISOString(),
    from: "person",
    channel: message.channel,
    text: message.mediaCount ? `${message.text} [${message.mediaCount} attachment(s)]`.trim() : message.text,
    ...personExtras,
  };
  const bot = replies.map(
    (r): TranscriptEntry => ({
      at: at.toISOString(),
      from: "bot",
      channel: message.channel,
      text: message.channel === "sms" ? (r.smsText ?? r.text) : r.text,
      kind: r.kind,
      ...(r.intent ? { intent: r.intent } : {}),
      ...(r.faqId ? { faqId: r.faqId } : {}),
    }),
  );
  return [person, ...bot];
}
