import type { ChannelKind } from "../domain/message.js";

/**
 * The calendar behind the booking dialog. Two implementations share one contract suite
 * (tests/scheduling/scheduling.contract.ts): the built-in calendar over the Store and Cal.com.
 *
 * Expected failures are typed outcomes, never exceptions: a slot someone else took, a hold
 * that ran out, a scheduler that cannot be reached.
 */
export interface SchedulingAdapter {
  readonly kind: "builtin" | "calcom";
  /** Free slots starting in [from, to), soonest first; respects hours, holidays, lead time and capacity. */
  availableSlots(range: { from: Date; to: Date }): Promise<SlotsOutcome>;
  /** Holds a slot for a few minutes so nobody else can take it while the person confirms. */
  hold(slotStart: string): Promise<HoldOutcome>;
  /** Gives a hold back early (the person picked another time or stopped). */
  releaseHold(hold: Hold): Promise<void>;
  /** Turns a hold into a booking. */
  book(hold: Hold, contact: Contact): Promise<BookOutcome>;
  cancel(bookingId: string): Promise<CancelOutcome>;
  /** Moves a booking to a newly held slot; the old slot is freed. The booking id may change. */
  reschedule(bookingId: string, hold: Hold): Promise<BookOutcome | { readonly kind: "notFound" }>;
  /** Upcoming bookings (not cancelled, not yet started) of a phone number, soonest first. */
  findByPhone(phoneE164: string): Promise<FindOutcome>;
  /** One booking, when it still stands (cancelled and moved-away bookings are notFound). */
  getBooking(bookingId: string): Promise<GetOutcome>;
}

/** A bookable slot; times are UTC ISO-8601 strings. */
export interface Slot {
  readonly start: string;
  readonly end: string;
}

/** A slot kept for one person until `expiresAt`. `id` is opaque to callers. */
export interface Hold extends Slot {
  readonly id: string;
  readonly expiresAt: string;
}

/** Who to call and where to text. Health data: never logged unmasked. */
export interface Contact {
  readonly name: string;
  /** E.164 number the clinic calls. */
  readonly phone: string;
  /** The person's IANA time zone, for their confirmation and reminder. */
  readonly timeZone: string;
  /** E.164 number that agreed to texts (confirmation, reminder), or null for none. */
  readonly textTo: string | null;
  readonly channel: ChannelKind;
  readonly conversationId: string;
}

/** A booked consult call. */
export interface Booking extends Slot, Contact {
  readonly id: string;
  readonly createdAt: string;
}

/** Why a scheduler could not answer: staff see it in logs, the person gets an honest apology. */
export interface Unavailable {
  readonly kind: "unavailable";
  readonly reason: string;
  /**
   * Set when the calendar is up but refused this time for a reason that is not "taken":
   * `tooSoon`, it is now inside the minimum booking notice (or past). A dialog may offer
   * later times instead of handing over to staff.
   */
  readonly cause?: "tooSoon";
}

export type SlotsOutcome = { readonly kind: "slots"; readonly slots: readonly Slot[] } | Unavailable;
export type HoldOutcome = { readonly kind: "held"; readonly hold: Hold } | { readonly kind: "slotTaken" } | Unavailable;
export type BookOutcome =
  | { readonly kind: "booked"; readonly booking: Booking }
  | { readonly kind: "slotTaken" }
  | { readonly kind: "holdExpired" }
  | Unavailable;
export type CancelOutcome = { readonly kind: "cancelled"; readonly booking: Booking } | { readonly kind: "notFound" } | Unavailable;
export type FindOutcome = { readonly kind: "found"; readonly bookings: readonly Booking[] } | Unavailable;
export type GetOutcome = { readonly kind: "found"; readonly booking: Booking } | { readonly kind: "notFound" } | Unavailable;
