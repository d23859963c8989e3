import type { Handoff } from "../domain/handoff.js";
import type { ChannelKind } from "../domain/message.js";
import type { TranscriptEntry } from "../domain/transcript.js";
import type { OptOutSource } from "./opt-outs.js";
import type { SpoolEntry } from "./spool.js";
import type { Store } from "./store.js";
import { newConversationState } from "./conversation-state.js";
import { keys } from "./keys.js";

/** The store writes a crisis turn or an SMS opt-out may have to keep locally during an outage. */
export type SpooledWrite =
  | { readonly kind: "handoff"; readonly handoff: Handoff }
  | { readonly kind: "transcript"; readonly conversationId: string; readonly lines: readonly TranscriptEntry[] }
  /** Marks a conversation as a crisis one (careful replies from now on) and links its handoff. */
  | { readonly kind: "crisis-flag"; readonly conversationId: string; readonly channel: ChannelKind; readonly handoffId: string; readonly at: string }
  | { readonly kind: "opt-out"; readonly phone: string; readonly source: OptOutSource; readonly at: string; readonly keyword?: string };

/** Where spooled writes go; `Spool<SpooledWrite>` or a test double that records them. */
export interface WriteSpool {
  add(write: SpooledWrite): Promise<boolean>;
}

/** How long a replayed write is remembered as done, so a replay interrupted midway never doubles a transcript. */
const APPLIED_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Applies one spooled write to the store. Safe to call twice for the same entry. */
export async function applySpooledWrite(store: Store, entry: SpoolEntry<SpooledWrite>): Promise<void> {
  const marker = keys.spoolApplied(entry.id);
  if ((await store.kv.get(marker)) !== null) return;
  const w = entry.write;
  switch (w.kind) {
    case "handoff":
      await store.handoffs.restore(w.handoff);
      break;
    case "transcript":
      await store.transcripts.append(w.conversationId, w.lines);
      break;
    case "crisis-flag": {
      const state = (await store.conversations.load(w.conversationId)) ?? newConversationState(w.conversationId, w.channel, new Date(w.at));
      await store.conversations.save({ ...state, crisis: true, disclosed: true, careSince: w.at, handoffId: state.handoffId ?? w.handoffId, dialog: null, updatedAt: w.at });
      break;
    }
    case "opt-out":
      await store.optOuts.optOut(w.phone, w.source, new Date(w.at), w.keyword);
      break;
  }
  await store.kv.set(marker, "1", { ttlMs: APPLIED_TTL_MS });
}
