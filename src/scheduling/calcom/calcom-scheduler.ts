import { z } from "zod";
import type { Kv } from "../../state/kv.js";
import { keys } from "../../state/keys.js";
import type { Logger } from "../../logging/logger.js";
import type {
  BookOutcome,
  Booking,
  CancelOutcome,
  Contact,
  FindOutcome,
  GetOutcome,
  Hold,
  HoldOutcome,
  SchedulingAdapter,
  SlotsOutcome,
  Unavailable,
} from "../scheduling-adapter.js";
import type { CalcomClient, CalcomResult } from "./calcom-client.js";
import type { CalcomBooking } from "./calcom-schemas.js";

export interface CalcomSchedulerOptions {
  eventTypeId: number;
  slotMinutes: number;
  holdMinutes: number;
  /** Local index records are kept this long after the call. */
  retentionMs?: number;
  logger?: Logger;
}

const localRecord = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  name: z.string(),
  phone: z.string(),
  timeZone: z.string(),
  textTo: z.string().nullable(),
  channel: z.enum(["web", "sms", "cli"]),
  conversationId: z.string(),
  createdAt: z.string(),
});

/** Cal.com wording for "someone already has this time"; other 4xx answers are our mistakes. */
const TAKEN = /already|not available|no available|unavailable|reserved|booked|taken|conflict|busy/i;

/**
 * Books through Cal.com API v2: `GET /v2/slots`, `POST /v2/slots/reservations` (the hold),
 * `POST /v2/bookings` with the reservation uid, `POST /v2/bookings/{uid}/cancel|reschedule`.
 * Cal.com cannot search bookings by phone number, so the bookings made through the bot are
 * indexed in the Store by phone, and each is re-checked with Cal.com before it is shown.
 */
export class CalcomScheduler implements SchedulingAdapter {
  readonly kind = "calcom" as const;
  private readonly retentionMs: number;

  constructor(
    private readonly client: CalcomClient,
    private readonly kv: Kv,
    private readonly options: CalcomSchedulerOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.retentionMs = options.retentionMs ?? 30 * 86_400_000;
  }

  async availableSlots(range: { from: Date; to: Date }): Promise<SlotsOutcome> {
    const from = new Date(Math.max(range.from.getTime(), this.now().getTime()));
    if (range.to <= from) return { kind: "slots", slots: [] };
    const result = await this.client.slots(this.options.eventTypeId, from, range.to);
    if (!result.ok) return unavailable(result);
    const slots = result.value
      .filter((start) => Date.parse(start) >= from.getTime() && Date.parse(start) < range.to.getTime())
      .map((start) => ({ start, end: this.endOf(start) }));
    return { kind: "slots", slots };
  }

  async hold(slotStart: string): Promise<HoldOutcome> {
    const start = new Date(slotStart).toISOString();
    const result = await this.client.reserve(this.options.eventTypeId, start, this.options.holdMinutes);
    if (!result.ok) return result.kind === "rejected" || result.kind === "notFound" ? { kind: "slotTaken" } : unavailable(result);
    const r = result.value;
    const expiresAt = r.reservationUntil ?? new Date(this.now().getTime() + this.options.holdMinutes * 60_000).toISOString();
    return { kind: "held", hold: { id: r.reservationUid, start, end: r.slotEnd ? iso(r.slotEnd) : this.endOf(start), expiresAt: iso(expiresAt) } };
  }

  async releaseHold(hold: Hold): Promise<void> {
    const result = await this.client.releaseReservation(hold.id);
    if (!result.ok && result.kind !== "notFound") this.options.logger?.warn({ kind: result.kind }, "cal.com: releasing a reservation failed");
  }

  async book(hold: Hold, contact: Contact): Promise<BookOutcome> {
    if (Date.parse(hold.expiresAt) <= this.now().getTime()) return { kind: "holdExpired" };
    const result = await this.client.createBooking({
      start: hold.start,
      eventTypeId: this.options.eventTypeId,
      attendee: { name: contact.name, phoneNumber: contact.phone, timeZone: contact.timeZone, language: "en" },
      // The clinic phones the person: the event type's location should be "attendee phone".
      location: { type: "attendeePhone", phone: contact.phone },
      metadata: { source: "consult-bot", channel: contact.channel },
      reservedSlotUid: hold.id,
    });
    if (!result.ok) return this.bookingFailure(result);
    const booking = this.toBooking(result.value, contact);
    await this.index(booking);
    return { kind: "booked", booking };
  }

  async cancel(bookingId: string): Promise<CancelOutcome> {
    const found = await this.getBooking(bookingId);
    if (found.kind !== "found") return found;
    const result = await this.client.cancelBooking(bookingId, "Cancelled by the person through the consult bot");
    if (!result.ok) return result.kind === "notFound" ? { kind: "notFound" } : unavailable(result);
    await this.unindex(found.booking);
    return { kind: "cancelled", booking: found.booking };
  }

  async reschedule(bookingId: string, hold: Hold): Promise<BookOutcome | { readonly kind: "notFound" }> {
    const found = await this.getBooking(bookingId);
    if (found.kind !== "found") return found;
    // Cal.com moves the booking itself; our reservation of the new time is released after.
    const result = await this.client.rescheduleBooking(bookingId, hold.start, "Moved by the person through the consult bot");
    if (!result.ok) return result.kind === "notFound" ? { kind: "notFound" } : this.bookingFailure(result);
    await this.releaseHold(hold);
    const moved = this.toBooking(result.value, found.booking);
    await this.unindex(found.booking);
    await this.index(moved);
    return { kind: "booked", booking: moved };
  }

  async findByPhone(phoneE164: string): Promise<FindOutcome> {
    try {
      const entries = await this.kv.zrangeByScore(keys.calcomBookingsByPhone(phoneE164), this.now().getTime(), Number.POSITIVE_INFINITY, { limit: 20 });
      const bookings: Booking[] = [];
      for (const { member } of entries) {
        const found = await this.getBooking(member);
        if (found.kind === "unavailable") return found;
        if (found.kind === "found") bookings.push(found.booking);
        else await this.kv.zrem(keys.calcomBookingsByPhone(phoneE164), member);
      }
      return { kind: "found", bookings: bookings.sort((a, b) => a.start.localeCompare(b.start)) };
    } catch (err) {
      this.options.logger?.error({ err }, "cal.com: local booking index failed");
      return { kind: "unavailable", reason: "store failed" };
    }
  }

  async getBooking(bookingId: string): Promise<GetOutcome> {
    let record;
    try {
      const raw = await this.kv.get(keys.calcomBooking(bookingId));
      record = raw === null ? null : localRecord.safeParse(JSON.parse(raw)).data;
    } catch (err) {
      this.options.logger?.error({ err }, "cal.com: local booking index failed");
      return { kind: "unavailable", reason: "store failed" };
    }
    if (!record) return { kind: "notFound" };
    const result = await this.client.getBooking(bookingId);
    if (!result.ok) return result.kind === "notFound" ? { kind: "notFound" } : unavailable(result);
    if (!isStanding(result.value.status)) return { kind: "notFound" };
    return { kind: "found", booking: this.toBooking(result.value, record) };
  }

  private bookingFailure(result: Exclude<CalcomResult<unknown>, { ok: true }>): BookOutcome {
    if (result.kind === "rejected" && TAKEN.test(result.reason)) return { kind: "slotTaken" };
    if (result.kind === "rejected") this.options.logger?.error({ status: result.status, reason: result.reason }, "cal.com: booking refused");
    return unavailable(result);
  }

  private toBooking(b: CalcomBooking, contact: Contact & { createdAt?: string }): Booking {
    const start = iso(b.start);
    return {
      id: b.uid,
      start,
      end: b.end ? iso(b.end) : this.endOf(start),
      name: contact.name,
      phone: contact.phone,
      timeZone: contact.timeZone,
      textTo: contact.textTo,
      channel: contact.channel,
      conversationId: contact.conversationId,
      createdAt: contact.createdAt ?? this.now().toISOString(),
    };
  }

  private async index(booking: Booking): Promise<void> {
    const ttlMs = Math.max(60_000, Date.parse(booking.end) - this.now().getTime() + this.retentionMs);
    try {
      await this.kv.set(keys.calcomBooking(booking.id), JSON.stringify(booking), { ttlMs });
      await this.kv.zadd(keys.calcomBookingsByPhone(booking.phone), Date.parse(booking.start), booking.id);
    } catch (err) {
      // The booking stands in Cal.com; only finding it by phone later is affected.
      this.options.logger?.error({ err }, "cal.com: indexing a booking failed");
    }
  }

  private async unindex(booking: Booking): Promise<void> {
    await Promise.allSettled([this.kv.del(keys.calcomBooking(booking.id)), this.kv.zrem(keys.calcomBookingsByPhone(booking.phone), booking.id)]);
  }

  private endOf(start: string): string {
    return new Date(Date.parse(start) + this.options.slotMinutes * 60_000).toISOString();
  }
}

function isStanding(status: string): boolean {
  return ["accepted", "pending", "confirmed"].includes(status.toLowerCase());
}

function unavailable(result: { kind: string; reason: string }): Unavailable {
  return { kind: "unavailable", reason: `cal.com ${result.kind}: ${result.reason}` };
}

function iso(value: string): string {
  return new Date(value).toISOString();
}
