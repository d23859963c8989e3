/** Where a consult call stands, as staff see it on the call list. */
export const CALL_STATUSES = ["booked", "moved", "cancelled", "rescheduled", "called", "no-answer", "done"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** What staff can mark a call as from the call list. */
export const STAFF_MARKS = ["called", "no-answer", "done"] as const;
export type StaffMark = (typeof STAFF_MARKS)[number];

/** What the console shows of a consult booking. Name and numbers are health data: never logged. */
export interface BookingSummary {
  readonly id: string;
  readonly conversationId: string;
  /** ISO-8601 start of the consult call. */
  readonly startsAt: string;
  /**
   * `booked` and `moved` are upcoming calls; `rescheduled` is the old time of a moved call (never
   * listed); `called`, `no-answer` and `done` are marked by staff.
   */
  readonly status: CallStatus;
  readonly channel?: string;
  /** The name the person gave. */
  readonly name?: string;
  /** E.164 number the clinic calls. */
  readonly phone?: string;
  /** The person's IANA time zone. */
  readonly timeZone?: string;
  /** E.164 number that agreed to texts, or null. */
  readonly textTo?: string | null;
  /** Who last marked the call, and when. */
  readonly markedBy?: string;
  readonly updatedAt?: string;
}

/**
 * The console's view of bookings, implemented over the booking store and wired in app.ts.
 * Absent while booking is not connected; the console then says so.
 */
export interface BookingLookup {
  /** The conversation's most recent booking, if any. */
  findByConversation(conversationId: string): Promise<BookingSummary | null>;
  /** Calls starting at or after `from`, soonest first; cancelled and moved-away calls are left out. */
  upcoming(from: Date, limit: number): Promise<readonly BookingSummary[]>;
  /** One booking by id, whatever its status. */
  get(id: string): Promise<BookingSummary | null>;
  /** Staff mark a call: called, no answer, done. Null when there is no such booking. */
  mark(id: string, status: StaffMark, staff: string): Promise<BookingSummary | null>;
}
