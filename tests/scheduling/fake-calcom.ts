import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DateTime } from "luxon";
import { consultSlots, type CalendarRules } from "../../src/scheduling/consult-calendar.js";

export interface FakeCalcomOptions {
  apiKey: string;
  eventTypeId: number;
  rules: CalendarRules;
  now: () => Date;
}

interface FakeBooking {
  uid: string;
  id: number;
  start: string;
  end: string;
  status: "accepted" | "cancelled";
  attendee: { name: string; phoneNumber?: string; timeZone: string };
  rescheduledToUid?: string;
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

/**
 * A small Cal.com API v2 on 127.0.0.1 answering with the documented shapes: slots by date,
 * reservations, bookings, cancel and reschedule, and the error body
 * `{"status":"error","error":{"code","message"}}` (401 bad key, 400 slot taken, 429, 5xx).
 */
export class FakeCalcom {
  readonly requests: SeenRequest[] = [];
  readonly bookings = new Map<string, FakeBooking>();
  private readonly reservations = new Map<string, { start: string; until: number }>();
  private readonly failures: Failure[] = [];
  private server: Server | undefined;
  private nextId = 1000;
  private down: { status: number; message: string } | null = null;
  url = "";

  constructor(private readonly options: FakeCalcomOptions) {}

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
    const code = { 401: "UnauthorizedException", 429: "ThrottlerException", 500: "InternalServerErrorException", 503: "ServiceUnavailableException" }[status] ?? "BadRequestException";
    this.failures.push({ path, status, body: { status: "error", timestamp: new Date().toISOString(), path: "", error: { code, message } }, ...(method ? { method } : {}) });
  }

  /** Every request answers this status until called with null (Cal.com down). */
  failAll(status: number | null, message = "Service unavailable"): void {
    this.down = status === null ? null : { status, message };
  }

  /** The next request matching answers with this raw body (for malformed responses). */
  answerNext(path: RegExp, status: number, body: unknown): void {
    this.failures.push({ path, status, body });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
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
    const version = req.headers["cal-api-version"];
    const wanted = url.pathname.startsWith("/v2/slots") ? "2024-09-04" : "2024-08-13";
    if (version !== wanted) return send(res, 400, error("BadRequestException", `cal-api-version must be ${wanted}`));

    const m = (re: RegExp) => re.exec(url.pathname);
    if (method === "GET" && url.pathname === "/v2/slots") return this.slots(url, res);
    if (method === "POST" && url.pathname === "/v2/slots/reservations") return this.reserve(body ?? {}, res);
    let match = m(/^\/v2\/slots\/reservations\/([^/]+)$/);
    if (method === "DELETE" && match) {
      this.reservations.delete(decodeURIComponent(match[1]!));
      return send(res, 200, { status: "success" });
    }
    if (method === "POST" && url.pathname === "/v2/bookings") return this.book(body ?? {}, res);
    match = m(/^\/v2\/bookings\/([^/]+)$/);
    if (method === "GET" && match) {
      const b = this.bookings.get(decodeURIComponent(match[1]!));
      return b ? send(res, 200, { status: "success", data: shape(b) }) : send(res, 404, error("NotFoundException", "Booking not found"));
    }
    match = m(/^\/v2\/bookings\/([^/]+)\/cancel$/);
    if (method === "POST" && match) {
      const b = this.bookings.get(decodeURIComponent(match[1]!));
      if (!b || b.status !== "accepted") return send(res, 404, error("NotFoundException", "Booking not found"));
      b.status = "cancelled";
      return send(res, 200, { status: "success", data: shape(b) });
    }
    match = m(/^\/v2\/bookings\/([^/]+)\/reschedule$/);
    if (method === "POST" && match) return this.reschedule(decodeURIComponent(match[1]!), body ?? {}, res);
    return send(res, 404, error("NotFoundException", `Cannot ${method} ${url.pathname}`));
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
      if (this.taken(s.start)) continue;
      const local = DateTime.fromISO(s.start, { zone });
      (data[local.toISODate()!] ??= []).push({ start: local.toISO()! });
    }
    send(res, 200, { status: "success", data });
  }

  private reserve(body: Record<string, unknown>, res: ServerResponse): void {
    const slotStart = new Date(String(body.slotStart)).toISOString();
    if (body.eventTypeId !== this.options.eventTypeId) return send(res, 400, error("BadRequestException", "Unknown event type"));
    const exists = consultSlots(this.options.rules, { from: new Date(slotStart), to: new Date(Date.parse(slotStart) + 1) }, this.options.now()).length > 0;
    if (!exists) return send(res, 400, error("BadRequestException", "The requested slot is not available for this event type"));
    if (this.taken(slotStart)) return send(res, 422, error("UnprocessableEntityException", "This time slot is already reserved or booked"));
    const minutes = typeof body.reservationDuration === "number" ? body.reservationDuration : 5;
    const uid = randomUUID();
    const until = this.options.now().getTime() + minutes * 60_000;
    this.reservations.set(uid, { start: slotStart, until });
    const slotEnd = new Date(Date.parse(slotStart) + this.options.rules.consult.slotMinutes * 60_000).toISOString();
    send(res, 201, {
      status: "success",
      data: { eventTypeId: this.options.eventTypeId, slotStart, slotEnd, slotDuration: this.options.rules.consult.slotMinutes, reservationUid: uid, reservationDuration: minutes, reservationUntil: new Date(until).toISOString() },
    });
  }

  private book(body: Record<string, unknown>, res: ServerResponse): void {
    const start = new Date(String(body.start)).toISOString();
    const attendee = body.attendee as FakeBooking["attendee"] | undefined;
    if (body.eventTypeId !== this.options.eventTypeId || !attendee?.name || !attendee.timeZone) {
      return send(res, 400, error("BadRequestException", "attendee.name and attendee.timeZone are required"));
    }
    if (this.taken(start, typeof body.reservedSlotUid === "string" ? body.reservedSlotUid : undefined)) {
      return send(res, 400, error("BadRequestException", "User either already has booking at this time or is not available"));
    }
    if (typeof body.reservedSlotUid === "string") this.reservations.delete(body.reservedSlotUid);
    const booking = this.create(start, attendee);
    send(res, 201, { status: "success", data: shape(booking) });
  }

  private reschedule(uid: string, body: Record<string, unknown>, res: ServerResponse): void {
    const old = this.bookings.get(uid);
    if (!old || old.status !== "accepted") return send(res, 404, error("NotFoundException", "Booking not found"));
    const start = new Date(String(body.start)).toISOString();
    // Our own reservation of the new time does not block the move.
    const mine = [...this.reservations.entries()].find(([, r]) => r.start === start)?.[0];
    if (this.taken(start, mine)) return send(res, 400, error("BadRequestException", "User either already has booking at this time or is not available"));
    old.status = "cancelled";
    const moved = this.create(start, old.attendee);
    old.rescheduledToUid = moved.uid;
    send(res, 201, { status: "success", data: { ...shape(moved), rescheduledFromUid: uid } });
  }

  private create(start: string, attendee: FakeBooking["attendee"]): FakeBooking {
    const end = new Date(Date.parse(start) + this.options.rules.consult.slotMinutes * 60_000).toISOString();
    const booking: FakeBooking = { uid: randomUUID().replaceAll("-", "").slice(0, 22), id: this.nextId++, start, end, status: "accepted", attendee };
    this.bookings.set(booking.uid, booking);
    return booking;
  }

  private taken(start: string, exceptReservation?: string): boolean {
    const now = this.options.now().getTime();
    for (const b of this.bookings.values()) if (b.status === "accepted" && b.start === start) return true;
    for (const [uid, r] of this.reservations) if (uid !== exceptReservation && r.start === start && r.until > now) return true;
    return false;
  }
}

function shape(b: FakeBooking) {
  return {
    id: b.id,
    uid: b.uid,
    title: "Free 15-minute phone consult",
    status: b.status,
    start: b.start,
    end: b.end,
    duration: Math.round((Date.parse(b.end) - Date.parse(b.start)) / 60_000),
    eventTypeId: 1,
    attendees: [{ name: b.attendee.name, timeZone: b.attendee.timeZone, phoneNumber: b.attendee.phoneNumber, absent: false }],
    createdAt: new Date().toISOString(),
  };
}

function error(code: string, message: string) {
  return { status: "error", timestamp: new Date().toISOString(), path: "", error: { code, message } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
