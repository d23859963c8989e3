import { randomUUID } from "node:crypto";
import type { Handoff, HandoffReason, HandoffUrgency } from "../domain/handoff.js";
import type { ChannelKind } from "../domain/message.js";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";

export interface OpenHandoffInput {
  conversationId: string;
  channel: ChannelKind;
  reason: HandoffReason;
  urgency: HandoffUrgency;
  details?: string;
  now: Date;
}

export type OpenHandoffOutcome =
  | { readonly kind: "created"; readonly handoff: Handoff }
  /** The conversation already had an open handoff; it was raised to urgent when this one is. */
  | { readonly kind: "existing"; readonly handoff: Handoff; readonly escalated: boolean };

/**
 * Handoff records. One open (or claimed) handoff per conversation: the open-marker key is
 * claimed with SET NX, so a retried turn never creates a second one.
 */
export class HandoffRepo {
  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
  ) {}

  async open(input: OpenHandoffInput): Promise<OpenHandoffOutcome> {
    const id = randomUUID();
    const marker = keys.openHandoff(input.conversationId);
    if (await this.kv.set(marker, id, { nx: true, ttlMs: this.retentionMs })) {
      const at = input.now.toISOString();
      const handoff: Handoff = {
        id,
        conversationId: input.conversationId,
        channel: input.channel,
        reason: input.reason,
        urgency: input.urgency,
        status: "open",
        createdAt: at,
        updatedAt: at,
        ...(input.details ? { details: input.details } : {}),
      };
      await this.save(handoff);
      await this.kv.zadd(keys.handoffIndex(), input.now.getTime(), id);
      return { kind: "created", handoff };
    }
    const existingId = await this.kv.get(marker);
    const existing = existingId ? await this.get(existingId) : null;
    if (!existing) {
      // The marker outlived its record (expired or half-written): clear it and try once more.
      if (existingId) await this.kv.compareAndDelete(marker, existingId);
      return this.open(input);
    }
    if (input.urgency === "urgent" && existing.urgency !== "urgent") {
      const escalated: Handoff = { ...existing, urgency: "urgent", reason: input.reason, updatedAt: input.now.toISOString() };
      await this.save(escalated);
      return { kind: "existing", handoff: escalated, escalated: true };
    }
    return { kind: "existing", handoff: existing, escalated: false };
  }

  async get(id: string): Promise<Handoff | null> {
    const raw = await this.kv.get(keys.handoff(id));
    return raw ? (JSON.parse(raw) as Handoff) : null;
  }

  /** The open or claimed handoff of a conversation, if any. */
  async openFor(conversationId: string): Promise<Handoff | null> {
    const id = await this.kv.get(keys.openHandoff(conversationId));
    return id ? this.get(id) : null;
  }

  /** Writes a changed record; resolving frees the conversation for a new handoff. */
  async save(handoff: Handoff): Promise<void> {
    const ttl = handoff.kept ? {} : { ttlMs: this.retentionMs };
    await this.kv.set(keys.handoff(handoff.id), JSON.stringify(handoff), ttl);
    if (handoff.kept) await this.kv.expire(keys.handoff(handoff.id), null);
    if (handoff.status === "resolved") await this.kv.compareAndDelete(keys.openHandoff(handoff.conversationId), handoff.id);
  }

  /** Newest first; records that expired are dropped from the index as they are met. */
  async list(limit = 200): Promise<Handoff[]> {
    const entries = await this.kv.zrevrange(keys.handoffIndex(), 0, limit - 1);
    const raws = await this.kv.mget(entries.map((e) => keys.handoff(e.member)));
    const gone = entries.filter((_, i) => raws[i] === null).map((e) => e.member);
    if (gone.length > 0) await this.kv.zrem(keys.handoffIndex(), ...gone);
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Handoff);
  }
}
