/**
 * What Cal.com's refusals mean, read from the status, the exception code and the message the
 * API v2 actually sends (calcom/cal.com: apps/api/v2, packages/features/bookings,
 * packages/lib/errorCodes.ts). Every error body is
 * `{"status":"error","error":{"code":"<NestJS exception>","message":"..."}}`.
 */

/** A Cal.com answer that was not a success. */
export interface CalcomRefusal {
  readonly status: number;
  /** `error.code`: the NestJS exception name, e.g. "BadRequestException". */
  readonly code?: string;
  readonly message: string;
}

/**
 * A body field this Cal.com release does not know. The booking endpoints validate with
 * class-validator's `forbidNonWhitelisted`, whose message reads
 * `reservedSlotUid property is wrong,property reservedSlotUid should not exist`; releases
 * before `reservedSlotUid` was added to the 2024-08-13 inputs answer that.
 */
export function isUnknownFieldRefusal(refusal: CalcomRefusal, field: string): boolean {
  if (refusal.status !== 400) return false;
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`property ${escaped} should not exist`).test(refusal.message);
}

/** Booking refusals that mean someone else has the time (or every host is busy then). */
const TAKEN_MESSAGES: readonly RegExp[] = [
  /already has booking at this time or is not available/i,
  /someone else reserved this booking time slot/i,
  /\bno_available_users_found_error\b/,
  /\bbooking_conflict_error\b/,
  /\bfixed_hosts_unavailable_for_booking\b/,
  /\bround_robin_host_unavailable_for_booking\b/,
  /\bhosts_unavailable_for_booking\b/,
  /\bbooking_seats_full_error\b/,
  /\bnot_enough_available_seats_error\b/,
  /already (booked|reserved)/i,
  /no more seats left/i,
];

/** The time is no longer bookable: in the past, or inside the event type's minimum notice. */
const TOO_SOON_MESSAGES: readonly RegExp[] = [/\bbooking_time_out_of_bounds_error\b/, /attempting to book a meeting in the past/i];

export type BookingRefusal =
  /** Someone else has the time: offer others. */
  | "slotTaken"
  /** The time is now too close (minimum booking notice) or past: not a taken slot. */
  | "tooSoon"
  /** Anything else: our request or the configuration is wrong; staff must look. */
  | "other";

/** `POST /v2/bookings` and `/reschedule` refusals (400, 409, 422). */
export function classifyBookingRefusal(refusal: CalcomRefusal): BookingRefusal {
  if (refusal.status === 409) return "slotTaken";
  if (TOO_SOON_MESSAGES.some((re) => re.test(refusal.message))) return "tooSoon";
  if ((refusal.status === 400 || refusal.status === 422) && TAKEN_MESSAGES.some((re) => re.test(refusal.message))) return "slotTaken";
  return "other";
}

export type HoldRefusal =
  /** The time is booked or reserved by someone else (422 from `POST /v2/slots/reservations`). */
  | "slotTaken"
  /**
   * 403: the API key's user may not set `reservationDuration` ("authenticated user is not
   * owner of event type, does not have memberships in common with owner of the event type,
   * nor does belong to event type's team or org"). The key is fine: hold without it.
   */
  | "durationForbidden"
  /** 400 (bad start, slot length) or 404 (event type not found): our request or CALCOM_EVENT_TYPE_ID is wrong. */
  | "other";

/** `POST /v2/slots/reservations` refusals. */
export function classifyHoldRefusal(refusal: CalcomRefusal, sentDuration: boolean): HoldRefusal {
  if (refusal.status === 403 && sentDuration) return "durationForbidden";
  if (refusal.status === 409 || refusal.status === 422) return "slotTaken";
  return "other";
}
