import { z } from "zod";

/**
 * The parts of Cal.com API v2 responses the adapter reads. Objects are loose: Cal.com adds
 * fields over time, and an unknown field must never break booking.
 */

/** `GET /v2/slots` (cal-api-version 2024-09-04): slots grouped by date. */
export const slotsResponse = z.looseObject({
  status: z.literal("success"),
  data: z.record(z.string(), z.array(z.looseObject({ start: z.string() }))),
});

/** `POST /v2/slots/reservations` (2024-09-04). */
export const reservationResponse = z.looseObject({
  status: z.literal("success"),
  data: z.looseObject({
    reservationUid: z.string().min(1),
    slotStart: z.string(),
    slotEnd: z.string().optional(),
    reservationUntil: z.string().optional(),
    reservationDuration: z.number().optional(),
  }),
});

/** A booking as `/v2/bookings` (2024-08-13) returns it. */
export const bookingData = z.looseObject({
  uid: z.string().min(1),
  id: z.number().optional(),
  start: z.string(),
  end: z.string().optional(),
  status: z.string(),
  eventTypeId: z.number().optional().catch(undefined),
  /** What we sent in `metadata` at creation (the bot's request key finds a booking after a timeout). */
  metadata: z.record(z.string(), z.unknown()).optional().catch(undefined),
  attendees: z
    .array(z.looseObject({ name: z.string().optional(), phoneNumber: z.string().nullish() }))
    .optional()
    .catch(undefined),
  /** Set on a booking moved inside Cal.com (newer releases): where it went. */
  rescheduledToUid: z.string().nullish().catch(undefined),
  /** Set on the booking a move created: where it came from. */
  rescheduledFromUid: z.string().nullish().catch(undefined),
  rescheduled: z.boolean().nullish().catch(undefined),
});

export const bookingResponse = z.looseObject({
  status: z.literal("success"),
  // A recurring event answers with an array; a single consult call is one booking.
  data: z.union([bookingData, z.array(bookingData).min(1).transform((a) => a[0]!)]),
});

/** `GET /v2/bookings` (2024-08-13): a page of bookings. A recurring booking may come as an array of its occurrences. */
export const bookingListResponse = z.looseObject({
  status: z.literal("success"),
  data: z.array(z.union([bookingData, z.array(bookingData)])).transform((items) => items.flat()),
});

/** Cal.com's error body: `{"status":"error","error":{"code":"...","message":"..."}}`. */
export const errorResponse = z.looseObject({
  status: z.literal("error").optional(),
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
  message: z.union([z.string(), z.array(z.string())]).optional(),
});

export type CalcomBooking = z.output<typeof bookingData>;
