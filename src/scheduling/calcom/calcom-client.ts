import type { z } from "zod";
import type { Logger } from "../../logging/logger.js";
import type { CalcomRefusal } from "./calcom-errors.js";
import { bookingListResponse, bookingResponse, errorResponse, reservationResponse, slotsResponse, type CalcomBooking } from "./calcom-schemas.js";

/**
 * Slot endpoints and booking endpoints are versioned separately by Cal.com. A request whose
 * `cal-api-version` is missing or unknown is served by the oldest version (2024-04-15), with
 * other routes and other bodies, so each call names its version.
 */
export const SLOTS_API_VERSION = "2024-09-04";
export const BOOKINGS_API_VERSION = "2024-08-13";

export interface CalcomClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request (default 8 s). */
  timeoutMs?: number;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** What a call to Cal.com came to; HTTP and network failures are values, not exceptions. */
export type CalcomResult<T> = { readonly ok: true; readonly value: T } | CalcomFailure;

export type CalcomFailure =
  /** 401: the API key was refused. */
  | ({ readonly ok: false; readonly kind: "unauthorized"; readonly reason: string } & CalcomRefusal)
  /** 403: the key is valid but its user may not do this (not the event type's owner...). */
  | ({ readonly ok: false; readonly kind: "forbidden"; readonly reason: string } & CalcomRefusal)
  | ({ readonly ok: false; readonly kind: "rateLimited"; readonly reason: string } & CalcomRefusal)
  /** 5xx: Cal.com may have done the work before failing. */
  | ({ readonly ok: false; readonly kind: "serverError"; readonly reason: string } & CalcomRefusal)
  | ({ readonly ok: false; readonly kind: "notFound"; readonly reason: string } & CalcomRefusal)
  /** Other 4xx: refused, nothing done. */
  | ({ readonly ok: false; readonly kind: "rejected"; readonly reason: string } & CalcomRefusal)
  /** No answer: the request may or may not have reached Cal.com (`timedOut` after the time limit). */
  | { readonly ok: false; readonly kind: "network"; readonly reason: string; readonly timedOut: boolean }
  | { readonly ok: false; readonly kind: "badResponse"; readonly reason: string };

/** Filters of `GET /v2/bookings`. */
export interface BookingQuery {
  readonly eventTypeId: number;
  /** Bookings starting at or after this instant... */
  readonly afterStart: Date;
  /** ...and ending at or before this one. */
  readonly beforeEnd: Date;
}

/**
 * A small client for the Cal.com API v2 endpoints the bot uses. Every response is checked
 * with zod; every request has a timeout. The API key is sent as a Bearer token, never logged.
 */
export class CalcomClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: CalcomClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Free slots, as UTC ISO starts, between two instants. */
  async slots(eventTypeId: number, from: Date, to: Date): Promise<CalcomResult<string[]>> {
    const query = new URLSearchParams({ eventTypeId: String(eventTypeId), start: from.toISOString(), end: to.toISOString(), timeZone: "UTC" });
    const result = await this.request("GET", `/v2/slots?${query}`, SLOTS_API_VERSION, undefined, slotsResponse);
    if (!result.ok) return result;
    const starts = Object.values(result.value.data)
      .flat()
      .map((s) => Date.parse(s.start))
      .filter((ms) => !Number.isNaN(ms))
      .sort((a, b) => a - b)
      .map((ms) => new Date(ms).toISOString());
    return { ok: true, value: starts };
  }

  /** Reserves a slot; without `minutes` Cal.com keeps it for its default (5 minutes). */
  async reserve(eventTypeId: number, slotStart: string, minutes?: number): Promise<CalcomResult<z.output<typeof reservationResponse>["data"]>> {
    const body = { eventTypeId, slotStart, ...(minutes !== undefined ? { reservationDuration: minutes } : {}) };
    const result = await this.request("POST", "/v2/slots/reservations", SLOTS_API_VERSION, body, reservationResponse);
    return result.ok ? { ok: true, value: result.value.data } : result;
  }

  async releaseReservation(uid: string): Promise<CalcomResult<unknown>> {
    return this.request("DELETE", `/v2/slots/reservations/${encodeURIComponent(uid)}`, SLOTS_API_VERSION, undefined, null);
  }

  async createBooking(body: Record<string, unknown>): Promise<CalcomResult<CalcomBooking>> {
    const result = await this.request("POST", "/v2/bookings", BOOKINGS_API_VERSION, body, bookingResponse);
    return result.ok ? { ok: true, value: result.value.data } : result;
  }

  async getBooking(uid: string): Promise<CalcomResult<CalcomBooking>> {
    const result = await this.request("GET", `/v2/bookings/${encodeURIComponent(uid)}`, BOOKINGS_API_VERSION, undefined, bookingResponse);
    return result.ok ? { ok: true, value: result.value.data } : result;
  }

  /**
   * Bookings of an event type in a time window (`GET /v2/bookings`). The window is sent in
   * both spellings Cal.com releases have used: `afterStart`/`beforeEnd` and the older
   * `fromDate`/`toDate` (a release ignores query fields it does not know); the caller still
   * checks every booking it gets back.
   */
  async findBookings(query: BookingQuery): Promise<CalcomResult<CalcomBooking[]>> {
    const from = query.afterStart.toISOString();
    const to = query.beforeEnd.toISOString();
    const params = new URLSearchParams({ eventTypeId: String(query.eventTypeId), afterStart: from, beforeEnd: to, fromDate: from, toDate: to, take: "100" });
    const result = await this.request("GET", `/v2/bookings?${params}`, BOOKINGS_API_VERSION, undefined, bookingListResponse);
    return result.ok ? { ok: true, value: result.value.data } : result;
  }

  async cancelBooking(uid: string, reason: string): Promise<CalcomResult<CalcomBooking>> {
    const result = await this.request("POST", `/v2/bookings/${encodeURIComponent(uid)}/cancel`, BOOKINGS_API_VERSION, { cancellationReason: reason }, bookingResponse);
    return result.ok ? { ok: true, value: result.value.data } : result;
  }

  /** Moves a booking; Cal.com answers with the new booking (a new uid). */
  async rescheduleBooking(uid: string, body: { start: string; reschedulingReason: string; reservedSlotUid?: string }): Promise<CalcomResult<CalcomBooking>> {
    const result = await this.request("POST", `/v2/bookings/${encodeURIComponent(uid)}/reschedule`, BOOKINGS_API_VERSION, body, bookingResponse);
    return result.ok ? { ok: true, value: result.value.data } : result;
  }

  private async request<S extends z.ZodType>(
    method: string,
    path: string,
    apiVersion: string,
    body: unknown,
    schema: S | null,
  ): Promise<CalcomResult<z.output<S>>> {
    let res: Response;
    try {
      res = await this.fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          "cal-api-version": apiVersion,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 8000),
      });
    } catch (err) {
      const timedOut = (err as Error).name === "TimeoutError";
      this.options.logger?.warn({ err, method, path: pathOnly(path), timedOut }, "cal.com: request failed");
      return { ok: false, kind: "network", timedOut, reason: timedOut ? "timed out" : "network error" };
    }
    const json = await res.json().catch(() => undefined);
    if (!res.ok) return this.failure(res.status, json, method, path);
    if (schema === null) return { ok: true, value: json as z.output<S> };
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      this.options.logger?.error({ method, path: pathOnly(path), issues: parsed.error.issues.slice(0, 3) }, "cal.com: unexpected response shape");
      return { ok: false, kind: "badResponse", reason: "unexpected response from Cal.com" };
    }
    return { ok: true, value: parsed.data };
  }

  private failure(status: number, json: unknown, method: string, path: string): CalcomFailure {
    const { message, code } = errorOf(json);
    const refusal = { status, message: message ?? `HTTP ${status}`, ...(code ? { code } : {}) };
    const reason = refusal.message;
    const log = { status, code, method, path: pathOnly(path), reason };
    if (status === 401) {
      this.options.logger?.error(log, "cal.com: the API key was refused; check CALCOM_API_KEY");
      return { ok: false, kind: "unauthorized", reason, ...refusal };
    }
    // A 403 is a permission of the key's user (the event type is someone else's), never a bad key.
    if (status === 403) return { ok: false, kind: "forbidden", reason, ...refusal };
    if (status === 429) {
      this.options.logger?.warn(log, "cal.com: rate limited");
      return { ok: false, kind: "rateLimited", reason, ...refusal };
    }
    if (status >= 500) {
      this.options.logger?.warn(log, "cal.com: server error");
      return { ok: false, kind: "serverError", reason, ...refusal };
    }
    if (status === 404) return { ok: false, kind: "notFound", reason, ...refusal };
    return { ok: false, kind: "rejected", reason, ...refusal };
  }
}

function errorOf(json: unknown): { message?: string; code?: string } {
  const parsed = errorResponse.safeParse(json);
  if (!parsed.success) return {};
  const raw = parsed.data.error?.message ?? parsed.data.message;
  const message = Array.isArray(raw) ? raw.join("; ") : raw;
  const code = parsed.data.error?.code;
  return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
}

/** The path without its query (slot queries carry nothing personal, but keep logs small). */
function pathOnly(path: string): string {
  return path.split("?", 1)[0]!;
}
