/**
 * Every key the bot writes, in one place. Keys of one conversation share the hash tag
 * `{conversationId}` so scripts touching several of them work on Redis Cluster.
 */
export const keys = {
  conversationState: (conversationId: string) => `conv:{${conversationId}}:state`,
  transcript: (conversationId: string) => `conv:{${conversationId}}:transcript`,
  lock: (conversationId: string) => `conv:{${conversationId}}:lock`,
  openHandoff: (conversationId: string) => `conv:{${conversationId}}:handoff`,
  idempotency: (scope: string, id: string) => `idem:{${scope}:${id}}`,
  handoff: (handoffId: string) => `handoff:{${handoffId}}`,
  handoffIndex: () => "handoffs:index",
  /** Staff console: accounts by lower-cased email, and the index of every account. */
  staffAccount: (email: string) => `staff:account:{${email}}`,
  staffAccountIndex: () => "staff:accounts",
  /** Failed sign-ins of one account from one network (IPv4 address or IPv6 /64), and the delay they trigger. */
  staffLoginFailures: (email: string, network: string) => `staff:login:{${email}|${network}}:failures`,
  staffLoginLock: (email: string, network: string) => `staff:login:{${email}|${network}}:locked`,
  /** Failed sign-ins from one network (IPv4 address or IPv6 /64), whatever the account. */
  staffIpFailures: (network: string) => `staff:login-ip:{${network}}:failures`,
  /** A console session, by the SHA-256 of its cookie token (a store dump gives no usable cookie). */
  staffSession: (tokenHash: string) => `staff:session:{${tokenHash}}`,
  /** Who viewed, exported or changed which conversation, newest last (before audit entries were kept per day). */
  auditLog: () => "audit:log",
  /** The audit entries of one UTC day (YYYY-MM-DD), newest last; expires AUDIT_RETENTION_DAYS after the day's last entry. */
  auditDay: (day: string) => `audit:day:{${day}}`,
  /** The days that have audit entries (score: the day's start in ms). */
  auditDays: () => "audit:days",
  /** The random key that hashes phone numbers and visitor ids in the audit log (made once per deployment). */
  auditHashKey: () => "audit:hash-key",
  /** The random key that signs the staff sign-in form's CSRF cookie. */
  staffLoginCsrfKey: () => "staff:login-csrf-key",
  /** A write replayed from the local spool (state/spool.ts), so a second replay skips it. */
  spoolApplied: (entryId: string) => `spool:applied:{${entryId}}`,
  /** Web messages in the current rate-limit minute, per visitor or per IP (both hashed: src/http/rate-limit.ts). */
  webRate: (scope: string, hashedId: string) => `web:rate:{${scope}:${hashedId}}`,
  /** Set while some process holds a websocket for the visitor (refreshed; expires if the process dies). */
  webPresence: (visitorId: string) => `web:presence:{${visitorId}}`,
  /** OpenAI tokens this conversation used (src/llm/token-meter.ts). */
  llmTokens: (conversationId: string) => `conv:{${conversationId}}:llm-tokens`,
  /** OpenAI tokens used by the whole deployment. */
  llmTokensTotal: () => "llm:tokens:total",
  /** The machine-written staff summary of a conversation, with the transcript length it covers. */
  llmSummary: (conversationId: string) => `conv:{${conversationId}}:llm-summary`,
  /** A phone number that opted out of texts (kept until it opts back in: the law has no expiry). */
  smsOptOut: (phone: string) => `sms:optout:{${phone}}`,
  /** Delivery statuses of one outbound SMS, by MessageSid. */
  smsDelivery: (messageSid: string) => `sms:msg:{${messageSid}}`,
  /** An inbound MessageSid already answered: a bare marker kept ~90 days, so a replayed signed webhook is refused long after its reply is forgotten. */
  smsSeen: (messageSid: string) => `sms:seen:{${messageSid}}`,
  /** Slots held in the current hour by one conversation or one web address (hashed; src/flows/booking). */
  bookingHolds: (hashedScope: string) => `booking:holds:{${hashedScope}}`,
  /** Outbound texts Twilio may or may not have accepted (a 5xx or a cut connection after the request went out), newest last. */
  smsUnconfirmed: () => "sms:unconfirmed",
  /**
   * Built-in scheduler. The hold and the booking of one slot and staff line share the hash
   * tag `{slot:line}`, so the Lua script that turns a hold into a booking touches one slot.
   */
  slotHold: (slotStart: string, line: number) => `sched:slot:{${slotStart}:${line}}:hold`,
  slotBooking: (slotStart: string, line: number) => `sched:slot:{${slotStart}:${line}}:booking`,
  /** A booking record (JSON), and the bookings of one phone number by start time. */
  booking: (bookingId: string) => `sched:booking:{${bookingId}}`,
  bookingsByPhone: (phoneE164: string) => `sched:phone:{${phoneE164}}`,
  /** Cal.com bookings made through the bot, indexed by phone (the Cal.com API cannot search by phone). */
  calcomBooking: (uid: string) => `sched:calcom:{${uid}}`,
  calcomBookingsByPhone: (phoneE164: string) => `sched:calcom-phone:{${phoneE164}}`,
  /** What staff see of bookings (no name, no number): summaries by id, all by start time, each conversation's latest. */
  bookingSummary: (bookingId: string) => `sched:ledger:{${bookingId}}`,
  bookingLedger: () => "sched:ledger",
  conversationBooking: (conversationId: string) => `conv:{${conversationId}}:booking`,
  /** Reminder texts due, scored by due time; one record per booking; a lease while one process sends it. */
  reminderQueue: () => "sched:reminders",
  reminder: (bookingId: string) => `sched:reminder:{${bookingId}}`,
  reminderClaim: (bookingId: string, start: string) => `sched:reminder:{${bookingId}}:claim:${start}`,
} as const;
