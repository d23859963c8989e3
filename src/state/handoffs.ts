import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Handoff, HandoffContact, HandoffReason, HandoffUrgency } from "../domain/handoff.js";
import type { ChannelKind } from "../domain/message.js";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";

export interface OpenHandoffInput {
  /** The id to give a new handoff (a crisis alert names it before the store answers); random by default. */
  id?: string;
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
    const id = input.id ?? randomUUID();
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

  /**
   * Writes a handoff that was opened while the store was unreachable (from the local spool).
   * Idempotent. When the conversation has another open handoff by then, the restored one is
   * still listed (staff must see every crisis), and the more urgent one becomes the open one.
   */
  async restore(handoff: Handoff): Promise<void> {
    const marker = keys.openHandoff(handoff.conversationId);
    if (!(await this.kv.set(marker, handoff.id, { nx: true, ttlMs: this.retentionMs }))) {
      const currentId = await this.kv.get(marker);
      const current = currentId && currentId !== handoff.id ? await this.get(currentId) : null;
      if (current && current.status !== "resolved" && urgencyRank(handoff) < urgencyRank(current)) await this.kv.set(marker, handoff.id, { ttlMs: this.retentionMs });
    }
    if (!(await this.get(handoff.id))) await this.save(handoff);
    await this.kv.zadd(keys.handoffIndex(), Date.parse(handoff.createdAt), handoff.id);
  }

  async get(id: string): Promise<Handoff | null> {
    const raw = await this.kv.get(keys.handoff(id));
    return raw ? parseHandoff(raw) : null;
  }

  /** The open or claimed handoff of a conversation, if any. */
  async openFor(conversationId: string): Promise<Handoff | null> {
    const id = await this.kv.get(keys.openHandoff(conversationId));
    return id ? this.get(id) : null;
  }

  /** Stores how the person can be reached; null when there is no such handoff. */
  async setContact(id: string, contact: HandoffContact, now: Date): Promise<Handoff | null> {
    const handoff = await this.get(id);
    if (!handoff) return null;
    const changed: Handoff = { ...handoff, contact, updatedAt: now.toISOString() };
    await this.save(changed);
    return changed;
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
    return raws.flatMap((r) => {
      const handoff = r === null ? null : parseHandoff(r);
      return handoff ? [handoff] : [];
    });
  }

  /**
   * The staff queue: urgent first, then newest. `active` (the default) is every handoff
   * still waiting for or being handled by staff (open and claimed).
   */
  async queue(filter: HandoffFilter = "active", limit = 2000): Promise<Handoff[]> {
    const all = await this.list(limit);
    return all
      .filter((h) => filter === "all" || (filter === "active" ? h.status !== "resolved" : h.status === filter))
      .sort((a, b) => urgencyRank(a) - urgencyRank(b) || b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * Marks a handoff claimed by a staff member. The caller holds the conversation lock, so
   * two staff claiming at once are serialised; a claim held by someone else is only taken
   * over when `takeOver` is set.
   */
  async claim(id: string, staff: string, now: Date, options: { takeOver?: boolean } = {}): Promise<ClaimHandoffOutcome> {
    const handoff = await this.get(id);
    if (!handoff) return { kind: "notFound" };
    if (handoff.status === "resolved") return { kind: "resolved", handoff };
    if (handoff.status === "claimed" && handoff.claimedBy === staff) return { kind: "claimed", handoff };
    if (handoff.status === "claimed" && handoff.claimedBy !== staff && !options.takeOver) return { kind: "claimedByOther", handoff };
    const at = now.toISOString();
    const claimed: Handoff = { ...handoff, status: "claimed", claimedBy: staff, claimedAt: at, updatedAt: at };
    await this.save(claimed);
    return { kind: "claimed", handoff: claimed };
  }

  /** Closes a handoff with a note; the conversation can then be handed over again. Caller holds the conversation lock. */
  async resolve(id: string, staff: string, note: string, now: Date): Promise<ResolveHandoffOutcome> {
    const handoff = await this.get(id);
    if (!handoff) return { kind: "notFound" };
    if (handoff.status === "resolved") return { kind: "alreadyResolved", handoff };
    const at = now.toISOString();
    const resolved: Handoff = { ...handoff, status: "resolved", resolvedBy: staff, resolvedAt: at, resolutionNote: note, updatedAt: at };
    await this.save(resolved);
    return { kind: "resolved", handoff: resolved };
  }

  /** Keeps a handoff beyond the retention period, or returns it to the normal retention. */
  async setKept(id: string, kept: boolean, now: Date): Promise<Handoff | null> {
    const handoff = await this.get(id);
    if (!handoff) return null;
    const { kept: _was, ...rest } = handoff;
    const changed: Handoff = { ...rest, ...(kept ? { kept: true } : {}), updatedAt: now.toISOString() };
    await this.save(changed);
    return changed;
  }
}

/** Which handoffs the queue shows. */
export type HandoffFilter = "active" | "all" | Handoff["status"];

export type ClaimHandoffOutcome =
  | { readonly kind: "claimed"; readonly handoff: Handoff }
  | { readonly kind: "claimedByOther"; readonly handoff: Handoff }
  | { readonly kind: "resolved"; readonly handoff: Handoff }
  | { readonly kind: "notFound" };

export type ResolveHandoffOutcome =
  | { readonly kind: "resolved"; readonly handoff: Handoff }
  | { readonly kind: "alreadyResolved"; readonly handoff: Handoff }
  | { readonly kind: "notFound" };

const handoffSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  channel: z.enum(["web", "sms", "cli"]),
  reason: z.enum(["asked-for-person", "crisis", "possible-risk", "not-understood", "booking-problem", "medical-question", "cost-insurance"]),
  urgency: z.enum(["urgent", "normal"]),
  status: z.enum(["open", "claimed", "resolved"]),
  createdAt: z.string(),
  updatedAt: z.string(),
  details: z.string().optional(),
  claimedBy: z.string().optional(),
  claimedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolutionNote: z.string().optional(),
  kept: z.boolean().optional(),
  alertedAt: z.string().optional(),
  alerts: z.number().int().optional(),
  contact: z.object({ kind: z.enum(["phone", "email"]), value: z.string(), at: z.string() }).optional(),
}) satisfies z.ZodType<Handoff>;

/** A stored record, or null when it is not one (written by an incompatible version, or damaged). */
function parseHandoff(raw: string): Handoff | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = handoffSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

function urgencyRank(h: Handoff): number {
  return h.urgency === "urgent" ? 0 : 1;
}
