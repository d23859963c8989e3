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
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const auditEntrySchema = z.object({
  at: z.string(),
  /** The staff member's email. */
  staff: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  conversationId: z.string().optional(),
  handoffId: z.string().optional(),
  proposalId: z.string().optional(),
  ip: z.string().optional(),
});

/** One line of the audit log: who did what to which conversation, and when. */
export type AuditEntry = z.output<typeof auditEntrySchema>;

/**
 * Most entries kept. The audit log outlives the transcripts it refers to (an audit trail
 * must), so it is capped by size rather than by the transcript retention.
 */
const MAX_ENTRIES = 100_000;
/** How far back a filtered read looks. */
const FILTER_WINDOW = 10_000;

/** The append-only audit log of the staff console. */
export class AuditLog {
  constructor(private readonly kv: Kv) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.kv.listPush(keys.auditLog(), [JSON.stringify(auditEntrySchema.parse(entry))], { maxLength: MAX_ENTRIES });
  }

  /** Newest first; optionally only one conversation's or one handoff's entries. */
  async list(options: { limit?: number; conversationId?: string; handoffId?: string } = {}): Promise<AuditEntry[]> {
    const limit = options.limit ?? 200;
    const filtered = options.conversationId !== undefined || options.handoffId !== undefined;
    const raw = await this.kv.listRange(keys.auditLog(), -(filtered ? FILTER_WINDOW : limit), -1);
    const entries: AuditEntry[] = [];
    for (let i = raw.length - 1; i >= 0 && entries.length < limit; i--) {
      const parsed = auditEntrySchema.safeParse(safeJson(raw[i] ?? ""));
      if (!parsed.success) continue;
      const e = parsed.data;
      if (options.conversationId !== undefined && e.conversationId !== options.conversationId) continue;
      if (options.handoffId !== undefined && e.handoffId !== options.handoffId) continue;
      entries.push(e);
    }
    return entries;
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
