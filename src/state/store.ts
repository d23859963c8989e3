import type { Kv } from "./kv.js";
import { ConversationRepo } from "./conversations.js";
import { TranscriptRepo } from "./transcripts.js";
import { ConversationLocks } from "./locks.js";
import { IdempotencyRepo } from "./idempotency.js";
import { HandoffRepo } from "./handoffs.js";

/**
 * Everything the bot keeps, built on one {@link Kv}: memory by default, Redis when REDIS_URL is set.
 * Repositories are plain classes over the primitives, so both backends share their code
 * and one contract suite checks both.
 */
export interface Store {
  readonly kind: Kv["kind"];
  readonly kv: Kv;
  readonly conversations: ConversationRepo;
  readonly transcripts: TranscriptRepo;
  readonly locks: ConversationLocks;
  readonly idempotency: IdempotencyRepo;
  readonly handoffs: HandoffRepo;
  readonly retentionMs: number;
}

export function createStore(kv: Kv, options: { retentionDays: number }): Store {
  const retentionMs = options.retentionDays * 24 * 60 * 60 * 1000;
  return {
    kind: kv.kind,
    kv,
    retentionMs,
    conversations: new ConversationRepo(kv, retentionMs),
    transcripts: new TranscriptRepo(kv, retentionMs),
    locks: new ConversationLocks(kv),
    idempotency: new IdempotencyRepo(kv),
    handoffs: new HandoffRepo(kv, retentionMs),
  };
}
