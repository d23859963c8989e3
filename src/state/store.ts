import type { Kv } from "./kv.js";
import { ConversationRepo } from "./conversations.js";
import { TranscriptRepo } from "./transcripts.js";
import { ConversationLocks } from "./locks.js";
import { IdempotencyRepo } from "./idempotency.js";
import { HandoffRepo } from "./handoffs.js";
import { StaffAccountRepo } from "./staff-accounts.js";
import { LoginThrottle } from "./staff-login-throttle.js";
import { SessionRepo } from "./sessions.js";
import { AuditLog, DEFAULT_AUDIT_RETENTION_DAYS } from "./audit-log.js";
import { OptOutRepo } from "./opt-outs.js";

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
  /** Staff console: accounts, sign-in lockout, sessions and the audit log. */
  readonly staff: StaffAccountRepo;
  readonly loginThrottle: LoginThrottle;
  readonly sessions: SessionRepo;
  readonly audit: AuditLog;
  /** SMS numbers that asked not to be texted. */
  readonly optOuts: OptOutRepo;
  readonly retentionMs: number;
}

export interface StoreOptions {
  retentionDays: number;
  /** Overrides `retentionDays` with an exact time (tests of expiry use milliseconds). */
  retentionMs?: number;
  /** AUDIT_RETENTION_DAYS (default 2190, six years). */
  auditRetentionDays?: number;
  /** Console sessions end after this many idle minutes (STAFF_SESSION_IDLE_MINUTES). */
  staffSessionIdleMinutes?: number;
}

/** However active, a console session ends this long after signing in. */
const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;

export function createStore(kv: Kv, options: StoreOptions): Store {
  const retentionMs = options.retentionMs ?? options.retentionDays * 24 * 60 * 60 * 1000;
  return {
    kind: kv.kind,
    kv,
    retentionMs,
    conversations: new ConversationRepo(kv, retentionMs),
    transcripts: new TranscriptRepo(kv, retentionMs),
    locks: new ConversationLocks(kv),
    idempotency: new IdempotencyRepo(kv),
    handoffs: new HandoffRepo(kv, retentionMs),
    staff: new StaffAccountRepo(kv),
    loginThrottle: new LoginThrottle(kv),
    sessions: new SessionRepo(kv, { idleMs: (options.staffSessionIdleMinutes ?? 30) * 60_000, maxAgeMs: SESSION_MAX_AGE_MS }),
    audit: new AuditLog(kv, (options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS) * 24 * 60 * 60 * 1000),
    optOuts: new OptOutRepo(kv),
  };
}
