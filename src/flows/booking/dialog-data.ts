import { z } from "zod";
import { phoneCheckSchema } from "./phone-check.js";
import type { TurnContext } from "../../pipeline/context.js";

/** The booking dialog's name in `ctx.state.dialog`. */
export const BOOKING_DIALOG = "booking";

/** Saved data carries a version: data of another version is dropped, never misread. */
export const BOOKING_DATA_VERSION = 1;

/** A dialog left alone this long is stale: its slots and hold mean nothing any more. */
export const STALE_AFTER_MS = 2 * 60 * 60_000;

const slot = z.object({ start: z.string(), end: z.string() });
const bookingRef = z.object({ id: z.string(), start: z.string(), end: z.string(), timeZone: z.string(), phone: z.string(), textTo: z.string().nullable() });

export const bookingDataSchema = z.object({
  v: z.literal(BOOKING_DATA_VERSION),
  mode: z.enum(["book", "reschedule", "cancel"]),
  /** The person's IANA zone, and whether it was only guessed from an area code. */
  zone: z.string().optional(),
  zoneGuessed: z.boolean().optional(),
  /** Preferred times as the person wrote them (for staff if booking fails). */
  wanted: z.string().max(300).optional(),
  offered: z.array(slot).optional(),
  hold: slot.extend({ id: z.string(), expiresAt: z.string() }).optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  /** Web: the person agreed to texts (confirmation and reminder). */
  textsOk: z.boolean().optional(),
  /** Reschedule and cancel: the booking being changed, and the candidates when several. */
  target: bookingRef.optional(),
  candidates: z.array(bookingRef).optional(),
  /** Web: phone numbers this visitor confirmed with a texted code, and the check waiting for a code. */
  verified: z.array(z.string()).max(5).optional(),
  phoneCheck: phoneCheckSchema.optional(),
  /** The person's booking that stands already, when a second one was asked for. */
  existing: bookingRef.optional(),
  /** Messages in a row the dialog could not read. */
  misses: z.number().int().nonnegative(),
  updatedAt: z.string(),
});

export type BookingData = z.output<typeof bookingDataSchema>;
export type BookingRef = z.output<typeof bookingRef>;

/** The steps of the dialog: what the bot asked last. */
export type BookingStep = "zone" | "pick" | "contact" | "confirm" | "lookup" | "choose-booking" | "confirm-cancel" | "verify-phone" | "existing";

/** The dialog's data, or null when there is none of this version. */
export function readData(ctx: TurnContext): BookingData | null {
  const dialog = ctx.state.dialog;
  if (dialog?.name !== BOOKING_DIALOG) return null;
  const parsed = bookingDataSchema.safeParse(dialog.data);
  return parsed.success ? parsed.data : null;
}

export function writeData(ctx: TurnContext, step: BookingStep, data: BookingData): void {
  const now = ctx.services.now().toISOString();
  const startedAt = ctx.state.dialog?.name === BOOKING_DIALOG ? ctx.state.dialog.startedAt : now;
  ctx.state.dialog = { name: BOOKING_DIALOG, step, data: { ...data, updatedAt: now }, startedAt };
}

export function endDialog(ctx: TurnContext): void {
  ctx.state.dialog = null;
}
