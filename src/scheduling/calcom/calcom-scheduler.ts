import { randomUUID } from "node:crypto";
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
import type { CalcomClient, CalcomFailure, CalcomResult } from "./calcom-client.js";
import { classifyBookingRefusal, classifyHoldRefusal, isUnknownFieldRefusal } from "./calcom-errors.js";
import type { CalcomBooking } from "./calcom-schemas.js";

export interface CalcomSchedulerOptions {
  eventTypeId: number;
  slotMinutes: number;
  holdMinutes: number;
  /** Local index records are kept this long after the call. */
  retentionMs?: number;
  logger?: Logger;
  /** After a booking request got no usable answer: how many times to look for the booking (default 2)... */
  confirmAttempts?: number;
  /** ...waiting this long before each look (default 1 s), so a slow write can land. */
  confirmDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
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

/** The metadata key that marks a booking request, so the booking can be found after a lost answer. */
export const REQUEST_KEY_FIELD = "consultBotRequest";
/** Bookings moved inside Cal.com are followed this many moves at most. */
const MAX_MOVES = 5;
const DAY_MS = 86_400_000;

type Found = { readonly kind: "found"; readonly booking: CalcomBooking } | { readonly kind: "notFound" } | Unavailable;

/**
 * Books through Cal.com API v2: `GET /v2/slots`, `POST /v2/slots/reservations` (the hold),
 * `POST /v2/bookings` with the reservation uid, `POST /v2/bookings/{uid}/cancel|reschedule`.
 * Cal.com cannot search bookings by phone number, so the bookings made through the bot are
 * indexed in the Store by phone, and each is re-checked with Cal.com before it is shown.
 *
 * Creating a booking is safe to retry: each request carries a key in `metadata`, and when
 * Cal.com does not answer (timeout, 5xx, a reply we cannot read) the booking is looked up by
 * event type, start time and that key (or the attendee's phone) before anything is decided;
 * only a request that provably did not land is sent again. Differences between Cal.com
 * releases are learned at run time: a release that refuses `reservedSlotUid` is booked
 * without it (the reservation is released afterwards), and a key whose user may not set
 * `reservationDuration` holds for Cal.com's default duration.
 */
export class CalcomScheduler implements SchedulingAdapter {
  readonly kind = "calcom" as const;
  private readonly retentionMs: number;
  private readonly confirmAttempts: number;
  private readonly confirmDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Whether this Cal.com release accepts `reservedSlotUid` in booking bodies (learned from its refusal). */
  private sendsReservedSlotUid = true;
  /** Whether the API key's user may set `reservationDuration` (learned from a 403). */
  private setsHoldDuration = true;

  constructor(
    private readonly client: CalcomClient,
    private readonly kv: Kv,
    private readonly options: CalcomSchedulerOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.retentionMs = options.retentionMs ?? 30 * 86_400_000;
    this.confirmAttempts = options.confirmAttempts ?? 2;
    this.confirmDelayMs = options.confirmDelayMs ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    // Cal.com's reservation endpoint checks bookings and other reservations, not availability
    // (hours, minimum notice): ask whether the time is still offered first.
    const offered = await this.client.slots(this.options.eventTypeId, new Date(start), new Date(Date.parse(start) + 60_000));
    if (!offered.ok) return unavailable(offered);
    if (!offered.value.includes(start)) return { kind: "slotTaken" };
    const withDuration = this.setsHoldDuration;
    let result = await this.client.reserve(this.options.eventTypeId, start, withDuration ? this.options.holdMinutes : undefined);
    if (!result.ok && withDuration && refusalOf(result) && classifyHoldRefusal(result, true) === "durationForbidden") {
      this.setsHoldDuration = false;
      this.options.logger?.warn(
        { status: result.status, reason: result.reason },
        "cal.com: the API key's user may not set reservationDuration on this event type (not its owner); holds now last Cal.com's default 5 minutes",
      );
      result = await this.client.reserve(this.options.eventTypeId, start);
    }
    if (!result.ok) {
      if (refusalOf(result) && classifyHoldRefusal(result, false) === "slotTaken") return { kind: "slotTaken" };
      if (refusalOf(result)) this.options.logger?.error({ status: result.status, code: result.code, reason: result.reason }, "cal.com: hold refused; check CALCOM_EVENT_TYPE_ID and the key's access to it");
      return unavailable(result);
    }
    const r = result.value;
    const minutes = r.reservationDuration ?? (withDuration && this.setsHoldDuration ? this.options.holdMinutes : 5);
    const expiresAt = r.reservationUntil ?? new Date(this.now().getTime() + minutes * 60_000).toISOString();
    return { kind: "held", hold: { id: r.reservationUid, start, end: r.slotEnd ? iso(r.slotEnd) : this.endOf(start), expiresAt: iso(expiresAt) } };
  }

  async releaseHold(hold: Hold): Promise<void> {
    const result = await this.client.releaseReservation(hold.id);
    if (!result.ok && result.kind !== "notFound") this.options.logger?.warn({ kind: result.kind }, "cal.com: releasing a reservation failed");
  }

  async book(hold: Hold, contact: Contact): Promise<BookOutcome> {
    if (Date.parse(hold.expiresAt) <= this.now().getTime()) return { kind: "holdExpired" };
    const requestKey = randomUUID();
    let uncertain = false;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { result, sentReservation } = await this.createBooking(hold, contact, requestKey);
      if (result.ok) return this.booked(result.value, contact, hold, sentReservation);
      if (isUncertain(result)) {
        // Cal.com may have booked and lost its answer: look before telling the person anything.
        uncertain = true;
        this.options.logger?.warn({ kind: result.kind, reason: result.reason, attempt }, "cal.com: no answer to a booking request; looking for it");
        const found = await this.lookFor(hold, contact, requestKey);
        if (found.kind === "found") return this.booked(found.booking, contact, hold, sentReservation);
        if (found.kind === "unavailable") return { kind: "unavailable", reason: `cal.com: booking not confirmed (${result.reason}; ${found.reason})` };
        continue; // provably not booked: the request is sent once more
      }
      if (refusalOf(result)) {
        const refusal = classifyBookingRefusal(result);
        if (refusal === "slotTaken" && uncertain) {
          // The earlier request may be the one holding the slot.
          const found = await this.lookFor(hold, contact, requestKey);
          if (found.kind === "found") return this.booked(found.booking, contact, hold, sentReservation);
        }
        return this.refused(result, refusal);
      }
      return unavailable(result);
    }
    return { kind: "unavailable", reason: "cal.com: booking not confirmed after two requests" };
  }

  async cancel(bookingId: string): Promise<CancelOutcome> {
    const found = await this.getBooking(bookingId);
    if (found.kind !== "found") return found;
    const result = await this.client.cancelBooking(found.booking.id, "Cancelled by the person through the consult bot");
    if (!result.ok) return result.kind === "notFound" ? { kind: "notFound" } : unavailable(result);
    await this.unindex(found.booking);
    return { kind: "cancelled", booking: found.booking };
  }

  async reschedule(bookingId: string, hold: Hold): Promise<BookOutcome | { readonly kind: "notFound" }> {
    const found = await this.getBooking(bookingId);
    if (found.kind !== "found") return found;
    const current = found.booking;
    const reason = "Moved by the person through the consult bot";
    let sentReservation = this.sendsReservedSlotUid;
    let result = await this.client.rescheduleBooking(current.id, { start: hold.start, reschedulingReason: reason, ...(sentReservation ? { reservedSlotUid: hold.id } : {}) });
    if (sentReservation && !result.ok && refusalOf(result) && isUnknownFieldRefusal(result, "reservedSlotUid")) {
      this.learnNoReservedSlotUid();
      sentReservation = false;
      result = await this.client.rescheduleBooking(current.id, { start: hold.start, reschedulingReason: reason });
    }
    let moved: CalcomBooking | undefined;
    if (result.ok) moved = result.value;
    else if (isUncertain(result)) {
      // The move may have happened: Cal.com then shows the old booking moved to the new time.
      const after = await this.follow(current.id);
      if (after.kind === "found" && after.booking.uid !== current.id && sameInstant(after.booking.start, hold.start)) moved = after.booking;
      else return { kind: "unavailable", reason: `cal.com: move not confirmed (${result.reason})` };
    } else if (result.kind === "notFound") return { kind: "notFound" };
    else if (refusalOf(result)) return this.refused(result, classifyBookingRefusal(result));
    else return unavailable(result);

    // Cal.com moves the booking itself; a reservation it did not consume is released after.
    if (!sentReservation) await this.releaseHold(hold);
    const booking = this.toBooking(moved, current);
    await this.unindex(current);
    await this.index(booking);
    return { kind: "booked", booking };
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

  /**
   * A booking made through the bot, as Cal.com has it now. A booking someone moved inside
   * Cal.com is followed to where it went (`rescheduledToUid`), and re-indexed under its new uid.
   */
  async getBooking(bookingId: string): Promise<GetOutcome> {
    let record: Booking | undefined;
    try {
      const raw = await this.kv.get(keys.calcomBooking(bookingId));
      record = raw === null ? undefined : localRecord.safeParse(JSON.parse(raw)).data;
    } catch (err) {
      this.options.logger?.error({ err }, "cal.com: local booking index failed");
      return { kind: "unavailable", reason: "store failed" };
    }
    if (!record) return { kind: "notFound" };
    const found = await this.follow(bookingId);
    if (found.kind !== "found") return found;
    const booking = this.toBooking(found.booking, record);
    if (booking.id !== record.id) {
      this.options.logger?.info({ from: record.id, to: booking.id }, "cal.com: booking was moved inside Cal.com; following it");
      await this.unindex(record);
      await this.index(booking);
    }
    return { kind: "found", booking };
  }

  /** Sends the booking request, once more without `reservedSlotUid` if this release refuses the field. */
  private async createBooking(hold: Hold, contact: Contact, requestKey: string): Promise<{ result: CalcomResult<CalcomBooking>; sentReservation: boolean }> {
    const body = {
      start: hold.start,
      eventTypeId: this.options.eventTypeId,
      attendee: { name: contact.name, phoneNumber: contact.phone, timeZone: contact.timeZone, language: "en" },
      // The clinic phones the person: the event type's location should be "attendee phone".
      location: { type: "attendeePhone", phone: contact.phone },
      metadata: { source: "consult-bot", channel: contact.channel, [REQUEST_KEY_FIELD]: requestKey },
    };
    if (this.sendsReservedSlotUid) {
      const result = await this.client.createBooking({ ...body, reservedSlotUid: hold.id });
      if (result.ok || !refusalOf(result) || !isUnknownFieldRefusal(result, "reservedSlotUid")) return { result, sentReservation: true };
      // Refused by validation, before anything was created: safe to send again without the field.
      this.learnNoReservedSlotUid();
    }
    return { result: await this.client.createBooking(body), sentReservation: false };
  }

  private learnNoReservedSlotUid(): void {
    if (!this.sendsReservedSlotUid) return;
    this.sendsReservedSlotUid = false;
    this.options.logger?.warn("cal.com: this release does not accept reservedSlotUid; booking without it and releasing the reservation afterwards");
  }

  /**
   * Looks for the booking a request may have created: same event type and start, carrying the
   * request key (or, if this release does not return metadata, the attendee's phone).
   */
  private async lookFor(hold: Hold, contact: Contact, requestKey: string): Promise<Found> {
    let last: Found = { kind: "notFound" };
    for (let look = 1; look <= this.confirmAttempts; look++) {
      await this.sleep(this.confirmDelayMs);
      const start = Date.parse(hold.start);
      const result = await this.client.findBookings({
        eventTypeId: this.options.eventTypeId,
        afterStart: new Date(start - 60_000),
        beforeEnd: new Date(Date.parse(hold.end) + 60_000),
      });
      if (!result.ok) {
        last = unavailable(result);
        continue;
      }
      const match = result.value.find(
        (b) =>
          sameInstant(b.start, hold.start) &&
          isStanding(b.status) &&
          (b.metadata?.[REQUEST_KEY_FIELD] === requestKey || (b.attendees ?? []).some((a) => a.phoneNumber === contact.phone)),
      );
      if (match) return { kind: "found", booking: match };
      last = { kind: "notFound" };
    }
    return last;
  }

  /** The booking `uid` is now: itself if it stands, or where it was moved to. */
  private async follow(uid: string): Promise<Found> {
    let current = uid;
    for (let move = 0; move <= MAX_MOVES; move++) {
      const result = await this.client.getBooking(current);
      if (!result.ok) return result.kind === "notFound" ? { kind: "notFound" } : unavailable(result);
      const b = result.value;
      if (isStanding(b.status)) return { kind: "found", booking: b };
      const next = b.rescheduledToUid ?? (b.rescheduled ? await this.successorOf(b.uid) : undefined);
      if (!next) return { kind: "notFound" };
      current = next;
    }
    return { kind: "notFound" };
  }

  /** Releases that mark a moved booking `rescheduled` without saying where: the booking created from it. */
  private async successorOf(uid: string): Promise<string | undefined> {
    const from = this.now();
    const result = await this.client.findBookings({ eventTypeId: this.options.eventTypeId, afterStart: from, beforeEnd: new Date(from.getTime() + 90 * DAY_MS) });
    return result.ok ? result.value.find((b) => b.rescheduledFromUid === uid)?.uid : undefined;
  }

  private async booked(b: CalcomBooking, contact: Contact, hold: Hold, sentReservation: boolean): Promise<BookOutcome> {
    const booking = this.toBooking(b, contact);
    await this.index(booking);
    // A release without reservedSlotUid does not consume our reservation: give it back.
    if (!sentReservation) await this.releaseHold(hold);
    return { kind: "booked", booking };
  }

  private refused(result: { status: number; code?: string; reason: string; kind: string }, refusal: ReturnType<typeof classifyBookingRefusal>): BookOutcome {
    if (refusal === "slotTaken") return { kind: "slotTaken" };
    if (refusal === "tooSoon") return { kind: "unavailable", reason: `cal.com: too soon to book that time (${result.reason})`, cause: "tooSoon" };
    this.options.logger?.error({ status: result.status, code: result.code, reason: result.reason }, "cal.com: booking refused");
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

/** No usable answer: Cal.com may have done the work (timeout, dropped connection, 5xx, a 2xx we could not read). */
function isUncertain(result: CalcomFailure): boolean {
  return result.kind === "network" || result.kind === "serverError" || result.kind === "badResponse";
}

/** A refusal with Cal.com's status and message (4xx other than 401 and 429). */
function refusalOf(result: CalcomFailure): result is CalcomFailure & { kind: "rejected" | "notFound" | "forbidden"; status: number; message: string } {
  return result.kind === "rejected" || result.kind === "notFound" || result.kind === "forbidden";
}

function isStanding(status: string): boolean {
  return ["accepted", "pending", "confirmed"].includes(status.toLowerCase());
}

function unavailable(result: { kind: string; reason: string }): Unavailable {
  return { kind: "unavailable", reason: `cal.com ${result.kind}: ${result.reason}` };
}

function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

function iso(value: string): string {
  return new Date(value).toISOString();
}
