/** What the console shows of a consult booking. */
export interface BookingSummary {
  readonly id: string;
  readonly conversationId: string;
  /** ISO-8601 start of the consult call. */
  readonly startsAt: string;
  /** e.g. "booked", "cancelled", "rescheduled", "failed". */
  readonly status: string;
  readonly channel?: string;
}

/**
 * The console's read-only view of bookings, implemented over the booking store and wired in
 * app.ts. Absent while booking is not connected; the console then says so.
 */
export interface BookingLookup {
  /** The conversation's most recent booking, if any. */
  findByConversation(conversationId: string): Promise<BookingSummary | null>;
  /** Bookings starting at or after `from`, soonest first. */
  upcoming(from: Date, limit: number): Promise<readonly BookingSummary[]>;
}
