import { createHmac } from "node:crypto";
import { DeploymentSecret } from "./deployment-secret.js";
import { z } from "zod";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";

export const AUDIT_ACTIONS = [
  "view-transcript",
  "export-text",
  "export-json",
  "reveal-phone",
  "claim",
  "reply",
  "resolve",
  "keep",
  "unkeep",
  "sign-in",
  "sign-out",
  "mark-call",
  "cancel-call",
  "move-call",
  /** Knowledge-base review (src/insights/review/): an admin's proposal and a clinician's decision. */
  "propose",
  "approve",
  "reject",
  "sign-in-failed",
  "sign-in-delayed",
  "sign-in-refused",
  "account-created",
  "account-changed",
  "password-reset",
  "account-disabled",
  "account-enabled",
  "audit-export",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const auditEntrySchema = z.object({
  at: z.string(),
  /** The staff member's email (or `unknown account #hash` for a failed sign-in with an email that has no account). */
  staff: z.string().max(300),
  action: z.enum(AUDIT_ACTIONS),
  /**
   * The conversation, never in the clear: `sms:#<hash>` or `web:#<hash>` (a keyed hash of the
   * phone number or visitor id, so the entries of one conversation can still be found).
   */
  conversationId: z.string().optional(),
  /** How the console shows the person: a masked phone number, or "Web visitor". */
  person: z.string().optional(),
  handoffId: z.string().optional(),
  proposalId: z.string().optional(),
  ip: z.string().optional(),
  /** The account an administrator action changed (staff:add), when not the actor. */
  subject: z.string().max(300).optional(),
  /** A short machine detail: "delay 30s", "roles admin", "second factor". No health data. */
  detail: z.string().max(200).optional(),
});

/** One line of the audit log: who did what to which conversation, and when. */
export type AuditEntry = z.output<typeof auditEntrySchema>;
export type AuditEntryInput = z.input<typeof auditEntrySchema>;

/** Six years: HIPAA keeps such documentation six years (45 CFR 164.316(b)(2)). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2190;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How many entries a filtered read looks through at most. */
const FILTER_WINDOW = 20_000;

/**
 * The append-only audit log of the staff console. Entries are kept per UTC day, each day's list
 * expiring `retentionMs` after its last entry: the log is kept by age, never trimmed by count,
 * so no burst of activity can push history out. Nothing here edits or deletes an entry.
 * Phone numbers and visitor ids are stored only as keyed hashes (for filtering) and masked labels.
 */
export class AuditLog {
  private readonly hashKey: DeploymentSecret;

  constructor(
    private readonly kv: Kv,
    readonly retentionMs: number = DEFAULT_AUDIT_RETENTION_DAYS * DAY_MS,
  ) {
    this.hashKey = new DeploymentSecret(kv, keys.auditHashKey());
  }

  async append(entry: AuditEntryInput): Promise<void> {
    const parsed = auditEntrySchema.parse(entry);
    const stored: AuditEntry = parsed.conversationId !== undefined && !isHashedRef(parsed.conversationId)
      ? { ...parsed, conversationId: await this.ref(parsed.conversationId), person: parsed.person ?? maskedPerson(parsed.conversationId) }
      : parsed;
    const at = Date.parse(stored.at);
    const day = new Date(Number.isFinite(at) ? at : Date.now()).toISOString().slice(0, 10);
    await this.kv.listPush(keys.auditDay(day), [JSON.stringify(stored)], { ttlMs: this.retentionMs + DAY_MS });
    await this.kv.zadd(keys.auditDays(), Date.parse(`${day}T00:00:00Z`), day);
  }

  /** Newest first; optionally only one conversation's (by its real id) or one handoff's entries. */
  async list(options: { limit?: number; conversationId?: string; handoffId?: string; since?: Date } = {}): Promise<AuditEntry[]> {
    const limit = options.limit ?? 200;
    const ref = options.conversationId !== undefined ? (isHashedRef(options.conversationId) ? options.conversationId : await this.ref(options.conversationId)) : undefined;
    const entries: AuditEntry[] = [];
    let looked = 0;
    for await (const e of this.newestFirst(options.since)) {
      if (entries.length >= limit || looked >= FILTER_WINDOW) break;
      looked++;
      if (ref !== undefined && e.conversationId !== ref) continue;
      if (options.handoffId !== undefined && e.handoffId !== options.handoffId) continue;
      entries.push(e);
    }
    return entries;
  }

  /** Every entry still kept, oldest first, one day at a time (the admin's CSV export). */
  async *all(): AsyncGenerator<AuditEntry> {
    const days = await this.kv.zrangeByScore(keys.auditDays(), Date.now() - this.retentionMs - 2 * DAY_MS, Infinity);
    for (const { member } of days) {
      for (const raw of await this.kv.listRange(keys.auditDay(member), 0, -1)) {
        const e = parse(raw);
        if (e) yield e;
      }
    }
    // Entries written before the log was kept per day.
    for (const raw of await this.kv.listRange(keys.auditLog(), 0, -1)) {
      const e = parse(raw);
      if (e) yield maskLegacy(e, await this.refOrNull(e.conversationId));
    }
  }

  private async *newestFirst(since?: Date): AsyncGenerator<AuditEntry> {
    const floor = Math.max(since ? since.getTime() - DAY_MS : -Infinity, Date.now() - this.retentionMs - 2 * DAY_MS);
    const days = await this.kv.zrangeByScore(keys.auditDays(), floor, Infinity);
    for (let d = days.length - 1; d >= 0; d--) {
      const raw = await this.kv.listRange(keys.auditDay(days[d]!.member), 0, -1);
      for (let i = raw.length - 1; i >= 0; i--) {
        const e = parse(raw[i] ?? "");
        if (e) yield e;
      }
    }
    const legacy = await this.kv.listRange(keys.auditLog(), -FILTER_WINDOW, -1);
    for (let i = legacy.length - 1; i >= 0; i--) {
      const e = parse(legacy[i] ?? "");
      if (e) yield maskLegacy(e, await this.refOrNull(e.conversationId));
    }
  }

  private async refOrNull(conversationId: string | undefined): Promise<string | null> {
    return conversationId === undefined || isHashedRef(conversationId) ? null : this.ref(conversationId);
  }

  /** `sms:#<hash>`: the channel and a keyed hash of the rest (the key is random per deployment, kept in the store). */
  private async ref(conversationId: string): Promise<string> {
    const key = await this.key();
    const colon = conversationId.indexOf(":");
    const channel = colon > 0 ? conversationId.slice(0, colon) : "conv";
    return `${channel}:#${createHmac("sha256", key).update(conversationId).digest("base64url").slice(0, 22)}`;
  }

  private key(): Promise<Buffer> {
    return this.hashKey.get();
  }
}

function isHashedRef(id: string): boolean {
  return /^[a-z]+:#[\w-]{22}$/.test(id);
}

/** A masked label: an SMS number keeps its last four digits, a web visitor keeps nothing. */
export function maskedPerson(conversationId: string): string {
  if (conversationId.startsWith("sms:")) {
    const digits = conversationId.replace(/\D/g, "");
    return `(***) ***-${digits.slice(-4)}`;
  }
  if (conversationId.startsWith("web:")) return "Web visitor";
  return "Terminal session";
}

function maskLegacy(e: AuditEntry, ref: string | null): AuditEntry {
  if (!ref || e.conversationId === undefined) return e;
  return { ...e, conversationId: ref, person: maskedPerson(e.conversationId) };
}

function parse(raw: string): AuditEntry | null {
  try {
    const parsed = auditEntrySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
