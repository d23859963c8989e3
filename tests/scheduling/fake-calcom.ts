import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DateTime } from "luxon";
import { consultSlots, type CalendarRules } from "../../src/scheduling/consult-calendar.js";

/**
 * Which Cal.com the fake plays:
 * - `current`: API v2 as on cal.com today: `reservedSlotUid` accepted in booking and
 *   reschedule bodies and consumed by them (409 when someone reserved the time first),
 *   `rescheduledToUid` on a moved booking, `afterStart`/`beforeEnd` filters.
 * - `legacy`: an older self-hosted release: the booking inputs have no `reservedSlotUid`, so
 *   class-validator's whitelist refuses it (400 "property reservedSlotUid should not exist"),
 *   reservations only hide slots from listings and are never consumed, a moved booking says
 *   `rescheduled: true` but not where it went, and the list filters are `fromDate`/`toDate`.
 */
export type CalcomRelease = "current" | "legacy";

export interface FakeCalcomOptions {
  apiKey: string;
  eventTypeId: number;
  rules: CalendarRules;
  now: () => Date;
  release?: CalcomRelease;
  /** false: the key's user does not own the event type, so `reservationDuration` gets 403. */
  ownsEventType?: boolean;
}

interface FakeBooking {
  uid: string;
  id: number;
  start: string;
  end: string;
  status: "accepted" | "cancelled";
  attendee: { name: string; phoneNumber?: string; timeZone: string; email?: string };
  metadata: Record<string, unknown>;
  rescheduledToUid?: string;
  rescheduledFromUid?: string;
  rescheduled?: boolean;
  createdAt: string;
}

interface Reservation {
  start: string;
  until: number;
  createdAt: number;
}

/** One scripted failure: the next request matching `path` answers `status` with `body`. */
interface Failure {
  method?: string;
  path: RegExp;
  status: number;
  body: unknown;
}

/** A request as the fake received it (tests check headers and bodies). */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

const VERSIONS = ["2024-04-15", "2024-06-11", "2024-06-14", "2024-08-13", "2024-09-04"];
/** What Cal.com does with a missing or unknown cal-api-version: the oldest version serves it. */
const DEFAULT_VERSION = "2024-04-15";

/** The fields of CreateBookingInput_2024_08_13 and its attendee (packages/platform/types/bookings/2024-08-13). */
const BOOKING_FIELDS = ["start", "attendee", "bookingFieldsResponses", "eventTypeId", "eventTypeSlug", "username", "teamSlug", "organizationSlug", "guests", "meetingUrl", "location", "metadata", "lengthInMinutes", "routing", "emailVerificationCode"];
const ATTENDEE_FIELDS = ["name", "email", "timeZone", "phoneNumber", "language"];
const RESCHEDULE_FIELDS = ["start", "rescheduledBy", "reschedulingReason", "seatUid"];

/**
 * A small Cal.com API v2 on 127.0.0.1 answering with the documented shapes and the real
 * refusals: slots by date, reservations, bookings (list, get, create, cancel, reschedule),
 * the error body `{"status":"error","error":{"code","message"}}`, bodies validated the way
 * the booking endpoints validate them (unknown fields refused), and `cal-api-version`
 * routing as Cal.com's (a missing or unknown version is served by 2024-04-15, whose routes
 * and bodies differ).
 */
export class FakeCalcom {
  readonly requests: SeenRequest[] = [];
  readonly bookings = new Map<string, FakeBooking>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly failures: Failure[] = [];
  private server: Server | undefined;
  private nextId = 1000;
  private down: { status: number; message: string } | null = null;
  private slowBookings: { delayMs: number; status: number }[] = [];
  url = "";

  constructor(private readonly options: FakeCalcomOptions) {}

  get release(): CalcomRelease {
    return this.options.release ?? "current";
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next request matching answers with this error. */
  failNext(path: RegExp, status: number, message: string, method?: string): void {
    const code =
      { 401: "UnauthorizedException", 403: "ForbiddenException", 404: "NotFoundException", 409: "ConflictException", 422: "UnprocessableEntityException", 429: "ThrottlerException", 500: "InternalServerErrorException", 503: "ServiceUnavailableException" }[status] ??
      "BadRequestException";
    this.failures.push({ path, status, body: error(code, message), ...(method ? { method } : {}) });
  }

  /** Every request answers this status until called with null (Cal.com down). */
  failAll(status: number | null, message = "Service unavailable"): void {
    this.down = status === null ? null : { status, message };
  }

  /** The next request matching answers with this raw body (for malformed responses). */
  answerNext(path: RegExp, status: number, body: unknown): void {
    this.failures.push({ path, status, body });
  }

  /**
   * The next `POST /v2/bookings` does book (the booking exists at once), but its answer comes
   * `delayMs` later, with `status` (201, or say 500 for an integration that failed afterwards).
   */
  bookSlowly(delayMs: number, status = 201): void {
    this.slowBookings.push({ delayMs, status });
  }

  /** Moves a booking inside Cal.com (an organiser rescheduling from the web app). */
  moveInside(uid: string, newStart: string): FakeBooking {
    const old = this.bookings.get(uid);
    if (!old) throw new Error(`no booking ${uid}`);
    old.status = "cancelled";
    old.rescheduled = true;
    const moved = this.create(new Date(newStart).toISOString(), old.attendee, old.metadata);
    moved.rescheduledFromUid = uid;
    old.rescheduledToUid = moved.uid;
    return moved;
  }

  /** Bookings that stand (not cancelled). */
  standing(): FakeBooking[] {
    return [...this.bookings.values()].filter((b) => b.status === "accepted");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown> | undefined;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      return send(res, 400, error("BadRequestException", "Unexpected token in JSON"));
    }
    const method = req.method ?? "GET";
    this.requests.push({ method, path: url.pathname + url.search, headers: req.headers, body });

    if (this.down) return send(res, this.down.status, error("ServiceUnavailableException", this.down.message));
    const scripted = this.failures.findIndex((f) => f.path.test(url.pathname) && (!f.method || f.method === method));
    if (scripted >= 0) {
      const [f] = this.failures.splice(scripted, 1);
      return send(res, f!.status, f!.body);
    }
    if (req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      return send(res, 401, error("UnauthorizedException", "Invalid API key"));
    }
    const header = String(req.headers["cal-api-version"] ?? "");
    const version = VERSIONS.includes(header) ? header : DEFAULT_VERSION;
    const path = url.pathname;
    const m = (re: RegExp) => re.exec(path);
    const notRouted = () => send(res, 404, error("NotFoundException", `Cannot ${method} ${path}`));

    if (path.startsWith("/v2/slots")) {
      if (version !== "2024-09-04") {
        // 2024-04-15 serves /v2/slots/available and /v2/slots/reserve, with other query fields.
        if (method === "GET" && path === "/v2/slots") return send(res, 400, error("BadRequestException", "startTime must be a valid ISO 8601 date string, endTime must be a valid ISO 8601 date string"));
        return notRouted();
      }
      if (method === "GET" && path === "/v2/slots") return this.slots(url, res);
      if (method === "POST" && path === "/v2/slots/reservations") return this.reserve(body ?? {}, res);
      const match = m(/^\/v2\/slots\/reservations\/([^/]+)$/);
      if (method === "DELETE" && match) {
        const gone = this.reservations.delete(decodeURIComponent(match[1]!));
        return gone ? send(res, 200, { status: "success" }) : send(res, 404, error("NotFoundException", "Reserved slot not found"));
      }
      return notRouted();
    }

    if (path.startsWith("/v2/bookings")) {
      if (version !== "2024-08-13") {
        // The 2024-04-15 booking input has `end`, `responses`, `timeZone`, `language` and `metadata` instead.
        if (method === "POST" && path === "/v2/bookings") return send(res, 400, error("BadRequestException", "end must be a valid ISO 8601 date string, responses must be an object, timeZone must be a string"));
        if (method === "GET" && path === "/v2/bookings") return send(res, 400, error("BadRequestException", "Invalid cal-api-version for these filters"));
      }
      if (method === "GET" && path === "/v2/bookings") return this.list(url, res);
      if (method === "POST" && path === "/v2/bookings") return this.book(body ?? {}, res);
      let match = m(/^\/v2\/bookings\/([^/]+)$/);
      if (method === "GET" && match) {
        const b = this.bookings.get(decodeURIComponent(match[1]!));
        return b ? send(res, 200, { status: "success", data: this.shape(b) }) : send(res, 404, error("NotFoundException", `Booking with uid=${match[1]} was not found in the database`));
      }
      match = m(/^\/v2\/bookings\/([^/]+)\/cancel$/);
      if (method === "POST" && match) {
        const b = this.bookings.get(decodeURIComponent(match[1]!));
        if (!b) return send(res, 404, error("NotFoundException", `Booking with uid=${match[1]} was not found in the database`));
        if (b.status !== "accepted") return send(res, 400, error("BadRequestException", "This booking has already been cancelled."));
        b.status = "cancelled";
        return send(res, 200, { status: "success", data: this.shape(b) });
      }
      match = m(/^\/v2\/bookings\/([^/]+)\/reschedule$/);
      if (method === "POST" && match) return this.reschedule(decodeURIComponent(match[1]!), body ?? {}, res);
      return notRouted();
    }
    return notRouted();
  }

  private slots(url: URL, res: ServerResponse): void {
    const start = url.searchParams.get("start");
    const end = url.searchParams.get("end");
    const zone = url.searchParams.get("timeZone") ?? "UTC";
    if (Number(url.searchParams.get("eventTypeId")) !== this.options.eventTypeId || !start || !end) {
      return send(res, 400, error("BadRequestException", "eventTypeId, start and end are required"));
    }
    const data: Record<string, { start: string }[]> = {};
    for (const s of consultSlots(this.options.rules, { from: new Date(start), to: new Date(end) }, this.options.now())) {
      if (this.booked(s.start) || this.reservedBy(s.start) !== undefined) continue;
      const local = DateTime.fromISO(s.start, { zone });
      (data[local.toISODate()!] ??= []).push({ start: local.toISO()! });
    }
    send(res, 200, { status: "success", data });
  }

  /** As SlotsService_2024_09_04.reserveSlot: no availability check, only bookings, reservations and permissions. */
  private reserve(body: Record<string, unknown>, res: ServerResponse): void {
    if (body.eventTypeId !== this.options.eventTypeId) return send(res, 404, error("NotFoundException", `Event Type with ID=${String(body.eventTypeId)} not found`));
    if (body.reservationDuration !== undefined && this.options.ownsEventType === false) {
      return send(
        res,
        403,
        error("ForbiddenException", "authenticated user is not owner of event type, does not have memberships in common with owner of the event type, nor does belong to event type's team or org."),
      );
    }
    const startMs = Date.parse(String(body.slotStart));
    if (Number.isNaN(startMs)) return send(res, 400, error("BadRequestException", "Invalid start date"));
    const slotStart = new Date(startMs).toISOString();
    if (this.booked(slotStart)) return send(res, 422, error("UnprocessableEntityException", "Can't reserve a slot if the event is already booked."));
    if (this.reservedBy(slotStart) !== undefined) return send(res, 422, error("UnprocessableEntityException", "This time slot is already reserved by another user. Please choose a different time."));
    const minutes = typeof body.reservationDuration === "number" ? body.reservationDuration : 5;
    const uid = randomUUID();
    const now = this.options.now().getTime();
    const until = now + minutes * 60_000;
    this.reservations.set(uid, { start: slotStart, until, createdAt: now });
    const slotEnd = new Date(startMs + this.options.rules.consult.slotMinutes * 60_000).toISOString();
    send(res, 201, {
      status: "success",
      data: { eventTypeId: this.options.eventTypeId, slotStart, slotEnd, slotDuration: this.options.rules.consult.slotMinutes, reservationUid: uid, reservationDuration: minutes, reservationUntil: new Date(until).toISOString() },
    });
  }

  private async book(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const allowed = this.release === "current" ? [...BOOKING_FIELDS, "reservedSlotUid"] : BOOKING_FIELDS;
    const unknown = unknownFields(body, allowed, { attendee: ATTENDEE_FIELDS });
    if (unknown) return send(res, 400, error("BadRequestException", unknown));
    const attendee = body.attendee as FakeBooking["attendee"] | undefined;
    if (body.eventTypeId !== this.options.eventTypeId) return send(res, 404, error("NotFoundException", "event_type_not_found_error"));
    if (!attendee?.name || !attendee.timeZone) return send(res, 400, error("BadRequestException", "attendee property is wrong, name must be a string, timeZone must be a valid IANA time-zone"));
    if (!attendee.email && !attendee.phoneNumber) return send(res, 400, error("BadRequestException", "Attendee must have at least one contact method (email or phone number)"));
    const start = new Date(String(body.start)).toISOString();
    const refused = this.refuseTime(start);
    if (refused) return send(res, 400, error("BadRequestException", refused));
    const reservedSlotUid = typeof body.reservedSlotUid === "string" ? body.reservedSlotUid : undefined;
    const conflict = this.reservationConflict(start, reservedSlotUid);
    if (conflict) return send(res, 409, error("ConflictException", conflict));
    if (this.booked(start) || (this.release === "current" && this.reservedBy(start, reservedSlotUid) !== undefined)) {
      return send(res, 400, error("BadRequestException", "User either already has booking at this time or is not available"));
    }
    if (reservedSlotUid) this.reservations.delete(reservedSlotUid);
    const booking = this.create(start, attendee, (body.metadata as Record<string, unknown> | undefined) ?? {});
    const slow = this.slowBookings.shift();
    if (slow) {
      // Booked already; the answer is late (a calendar integration, a slow proxy).
      await new Promise((resolve) => setTimeout(resolve, slow.delayMs));
      if (slow.status >= 400) return send(res, slow.status, error("InternalServerErrorException", "Internal server error"));
    }
    send(res, 201, { status: "success", data: this.shape(booking) });
  }

  private reschedule(uid: string, body: Record<string, unknown>, res: ServerResponse): void {
    const allowed = this.release === "current" ? [...RESCHEDULE_FIELDS, "reservedSlotUid"] : RESCHEDULE_FIELDS;
    const unknown = unknownFields(body, allowed, {});
    if (unknown) return send(res, 400, error("BadRequestException", unknown));
    const old = this.bookings.get(uid);
    if (!old) return send(res, 404, error("NotFoundException", `Booking with uid=${uid} was not found in the database`));
    if (old.status !== "accepted") return send(res, 400, error("BadRequestException", "cancelled_bookings_cannot_be_rescheduled"));
    const start = new Date(String(body.start)).toISOString();
    const refused = this.refuseTime(start);
    if (refused) return send(res, 400, error("BadRequestException", refused));
    const reservedSlotUid = typeof body.reservedSlotUid === "string" ? body.reservedSlotUid : undefined;
    const conflict = this.reservationConflict(start, reservedSlotUid);
    if (conflict) return send(res, 409, error("ConflictException", conflict));
    if (this.booked(start) || (this.release === "current" && this.reservedBy(start, reservedSlotUid) !== undefined)) {
      return send(res, 400, error("BadRequestException", "User either already has booking at this time or is not available"));
    }
    if (reservedSlotUid) this.reservations.delete(reservedSlotUid);
    old.status = "cancelled";
    old.rescheduled = true;
    const moved = this.create(start, old.attendee, old.metadata);
    moved.rescheduledFromUid = uid;
    old.rescheduledToUid = moved.uid;
    send(res, 201, { status: "success", data: this.shape(moved) });
  }

  private list(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    // Each release reads its own spelling of the window and ignores the other (whitelisted query DTO).
    const from = this.release === "current" ? q.get("afterStart") : q.get("fromDate");
    const to = this.release === "current" ? q.get("beforeEnd") : q.get("toDate");
    const eventTypeId = q.get("eventTypeId");
    const data = [...this.bookings.values()]
      .filter((_b) => !eventTypeId || Number(eventTypeId) === this.options.eventTypeId)
      .filter((b) => !from || Date.parse(b.start) >= Date.parse(from))
      .filter((b) => !to || Date.parse(b.end) <= Date.parse(to))
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((b) => this.shape(b));
    send(res, 200, { status: "success", data, pagination: { totalItems: data.length, remainingItems: 0, returnedItems: data.length, itemsPerPage: 100, currentPage: 1, totalPages: 1, hasNextPage: false, hasPreviousPage: false } });
  }

  /** Why Cal.com would refuse to book this time, whoever has it (handleNewBooking's checks). */
  private refuseTime(start: string): string | undefined {
    const ms = Date.parse(start);
    const now = this.options.now().getTime();
    if (ms < now) return "Attempting to book a meeting in the past.";
    if (ms < now + this.options.rules.consult.minLeadMinutes * 60_000) return "booking_time_out_of_bounds_error";
    const slot = consultSlots(this.options.rules, { from: new Date(ms), to: new Date(ms + 1) }, this.options.now()).some((s) => s.start === start);
    return slot ? undefined : "no_available_users_found_error";
  }

  /** Current releases: a reservation of the time made earlier than the one presented wins (409). */
  private reservationConflict(start: string, reservedSlotUid: string | undefined): string | undefined {
    if (this.release !== "current" || !reservedSlotUid) return undefined;
    const mine = this.reservations.get(reservedSlotUid);
    const now = this.options.now().getTime();
    for (const [uid, r] of this.reservations) {
      if (uid === reservedSlotUid || r.start !== start || r.until <= now) continue;
      if (!mine || r.createdAt < mine.createdAt) {
        const seconds = Math.ceil((r.until - now) / 1000);
        return `Someone else reserved this booking time slot before you. This time slot will be freed up in ${seconds} seconds.`;
      }
    }
    return undefined;
  }

  private create(start: string, attendee: FakeBooking["attendee"], metadata: Record<string, unknown>): FakeBooking {
    const end = new Date(Date.parse(start) + this.options.rules.consult.slotMinutes * 60_000).toISOString();
    const booking: FakeBooking = {
      uid: randomUUID().replaceAll("-", "").slice(0, 22),
      id: this.nextId++,
      start,
      end,
      status: "accepted",
      attendee,
      metadata,
      createdAt: this.options.now().toISOString(),
    };
    this.bookings.set(booking.uid, booking);
    return booking;
  }

  private booked(start: string): boolean {
    return [...this.bookings.values()].some((b) => b.status === "accepted" && b.start === start);
  }

  /** The uid of an active reservation of `start` other than `except`. */
  private reservedBy(start: string, except?: string): string | undefined {
    const now = this.options.now().getTime();
    for (const [uid, r] of this.reservations) if (uid !== except && r.start === start && r.until > now) return uid;
    return undefined;
  }

  private shape(b: FakeBooking) {
    return {
      id: b.id,
      uid: b.uid,
      title: "Free 15-minute phone consult",
      status: b.status,
      start: b.start,
      end: b.end,
      duration: Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000),
      eventTypeId: this.options.eventTypeId,
      eventType: { id: this.options.eventTypeId, slug: "free-consult" },
      attendees: [{ name: b.attendee.name, timeZone: b.attendee.timeZone, phoneNumber: b.attendee.phoneNumber, language: "en", absent: false }],
      metadata: b.metadata,
      ...(b.rescheduled ? { rescheduled: true } : {}),
      ...(b.rescheduledFromUid ? { rescheduledFromUid: b.rescheduledFromUid } : {}),
      ...(b.rescheduledToUid && this.release === "current" ? { rescheduledToUid: b.rescheduledToUid } : {}),
      createdAt: b.createdAt,
    };
  }
}

/**
 * class-validator's `forbidNonWhitelisted` as CreateBookingInputPipe formats it:
 * `reservedSlotUid property is wrong,property reservedSlotUid should not exist `.
 */
function unknownFields(body: Record<string, unknown>, allowed: readonly string[], nested: Record<string, readonly string[]>): string | undefined {
  const problems: string[] = [];
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      problems.push(`${key} property is wrong,property ${key} should not exist `);
      continue;
    }
    const inner = nested[key];
    const value = body[key];
    if (inner && value && typeof value === "object") {
      const bad = Object.keys(value).filter((k) => !inner.includes(k));
      if (bad.length) problems.push(`${key} property is wrong, ${bad.map((k) => `${k} property is wrong,property ${k} should not exist `).join(", ")}`);
    }
  }
  return problems.length ? problems.join(", ") : undefined;
}

function error(code: string, message: string) {
  return { status: "error", timestamp: new Date().toISOString(), path: "", error: { code, message } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
