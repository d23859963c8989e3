import type { Kv } from "./kv.js";
import { keys } from "./keys.js";
import { conversationStateSchema, type ConversationState } from "./conversation-state.js";
import { safeJson } from "../util/safe-json.js";

/** Loads and saves {@link ConversationState}; state expires with the transcript retention. */
export class ConversationRepo {
  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
  ) {}

  /** Null when the conversation is new, expired, or was saved by an incompatible version. */
  async load(conversationId: string): Promise<ConversationState | null> {
    const raw = await this.kv.get(keys.conversationState(conversationId));
    if (raw === null) return null;
    const parsed = conversationStateSchema.safeParse(safeJson(raw));
    return parsed.success ? parsed.data : null;
  }

  async save(state: ConversationState): Promise<void> {
    await this.kv.set(keys.conversationState(state.id), JSON.stringify(state), { ttlMs: this.retentionMs });
  }

  async delete(conversationId: string): Promise<void> {
    await this.kv.del(keys.conversationState(conversationId));
  }
}
