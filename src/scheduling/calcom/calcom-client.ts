import type { z } from "zod";
import type { Logger } from "../../logging/logger.js";
import { bookingResponse, errorResponse, reservationResponse, slotsResponse, type CalcomBooking } from "./calcom-schemas.js";

/** Slot endpoints and booking endpoints are versioned separately by Cal.com. */
const SLOTS_API_VERSION = "2024-09-04";
const BOOKINGS_API_VERSION = "2024-08-13";

export interface CalcomClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  logger?: Logger;
  fetch?: typeof fetch;
}

/** What a call to Cal.com came to; HTTP and network failures are values, not exceptions. */
export type CalcomResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly kind: "unauthorized" | "rateLimited" | "serverError" | "network" | "badResponse"; readonly reason: string }
  | { readonly ok: false; readonly kind: "rejected"; readonly status: number; readonly reason: string }
  | { readonly ok: false; readonly kind: "notFound"; readonly reason: string };

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

  async reserve(eventTypeId: number, slotStart: string, minutes: number): Promise<CalcomResult<z.output<typeof reservationResponse>["data"]>> {
    const body = { eventTypeId, slotStart, reservationDuration: minutes };
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

  async cancelBooking(uid: string, reason: string): Promise<CalcomResult<CalcomBooking>> {
    const result = await this.request("POST", `/v2/bookings/${encodeURIComponent(uid)}/cancel`, BOOKINGS_API_VERSION, { cancellationReason: reason }, bookingResponse);
    return result.ok ? { ok: true, value: result.value.data } : result;
  }

  async rescheduleBooking(uid: string, start: string, reason: string): Promise<CalcomResult<CalcomBooking>> {
    const body = { start, reschedulingReason: reason };
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
      this.options.logger?.warn({ err, method, path: pathOnly(path) }, "cal.com: request failed");
      return { ok: false, kind: "network", reason: (err as Error).name === "TimeoutError" ? "timed out" : "network error" };
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

  private failure(status: number, json: unknown, method: string, path: string): CalcomResult<never> {
    const reason = errorMessage(json) ?? `HTTP ${status}`;
    const log = { status, method, path: pathOnly(path), reason };
    if (status === 401 || status === 403) {
      this.options.logger?.error(log, "cal.com: the API key was refused; check CALCOM_API_KEY");
      return { ok: false, kind: "unauthorized", reason };
    }
    if (status === 429) {
      this.options.logger?.warn(log, "cal.com: rate limited");
      return { ok: false, kind: "rateLimited", reason };
    }
    if (status >= 500) {
      this.options.logger?.warn(log, "cal.com: server error");
      return { ok: false, kind: "serverError", reason };
    }
    if (status === 404) return { ok: false, kind: "notFound", reason };
    return { ok: false, kind: "rejected", status, reason };
  }
}

function errorMessage(json: unknown): string | undefined {
  const parsed = errorResponse.safeParse(json);
  if (!parsed.success) return undefined;
  const message = parsed.data.error?.message ?? parsed.data.message;
  return Array.isArray(message) ? message.join("; ") : message;
}

/** The path without its query (slot queries carry nothing personal, but keep logs small). */
function pathOnly(path: string): string {
  return path.split("?", 1)[0]!;
}
