import { DateTime } from "luxon";
import type { SmsSender } from "../domain/outbound.js";
import type { Logger } from "../logging/logger.js";
import type { LedgerChange } from "./booking-ledger.js";

/** Longest wait for the chat service before the alert counts as failed. */
const WEBHOOK_TIMEOUT_MS = 5000;

export type BookingAlertKind = "new" | "moved" | "cancelled";

/** Which ledger change staff are told about: a new, moved or cancelled call. Staff marks are not alerts. */
export function alertKindOf(change: LedgerChange): BookingAlertKind | null {
  const { summary, previous } = change;
  if (summary.status === "booked" && previous?.status !== "booked") return "new";
  if (summary.status === "moved" && previous?.status !== "moved") return "moved";
  if (summary.status === "cancelled" && previous?.status !== "cancelled") return "cancelled";
  return null;
}

/**
 * The booking alert, for SMS and chat webhooks alike: what happened, the call's time in the
 * clinic's zone, the channel and a link to the call list. No name, number or words of the
 * person (the call list has them, behind sign-in). GSM-7 only.
 */
export function bookingAlertText(kind: BookingAlertKind, change: LedgerChange, clinicZone: string, callListUrl: string): string {
  const when = DateTime.fromISO(change.summary.startsAt, { zone: "utc" }).setZone(clinicZone).toFormat("ccc d LLL, h:mm a ZZZZ");
  const channel = change.summary.channel === "sms" ? "by text" : change.summary.channel === "web" ? "on web chat" : "";
  const head = kind === "new" ? `New consult call booked ${channel}` : kind === "moved" ? `Consult call moved ${channel}` : `Consult call cancelled ${channel}`;
  return `${head.trim()}: ${when}. Call list: ${callListUrl}`;
}

export interface BookingAlertsOptions {
  readonly sms: SmsSender;
  /** STAFF_ALERT_NUMBERS. */
  readonly numbers: readonly string[];
  /** STAFF_ALERT_WEBHOOK_URL. */
  readonly webhookUrl?: string | undefined;
  readonly clinicZone: string;
  /** PUBLIC_BASE_URL + /staff/bookings. */
  readonly callListUrl: string;
  readonly logger: Logger;
}

/**
 * Tells staff about every new, moved or cancelled consult call on the staff alert channels
 * (BOOKING_ALERTS). Runs behind the person's turn: a slow channel never holds up a reply.
 */
export class BookingAlerts {
  constructor(private readonly options: BookingAlertsOptions) {}

  /** Sends the alert for a ledger change, if it is one; resolves when every channel answered. */
  async onChange(change: LedgerChange): Promise<void> {
    const kind = alertKindOf(change);
    if (!kind) return;
    const { sms, numbers, webhookUrl, logger } = this.options;
    const text = bookingAlertText(kind, change, this.options.clinicZone, this.options.callListUrl);
    logger.info({ alert: "booking", kind, bookingId: change.summary.id }, "booking alert");
    const sends: Promise<unknown>[] = numbers.map(async (to) => {
      const outcome = await sms.send(to, text, "staff-alert");
      if (outcome.kind !== "sent") logger.warn({ to, outcome: outcome.kind, bookingId: change.summary.id }, "booking alert SMS not sent");
    });
    if (webhookUrl) sends.push(this.post(webhookUrl, text, change.summary.id));
    await Promise.allSettled(sends);
  }

  private async post(url: string, text: string, bookingId: string): Promise<void> {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        redirect: "error",
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) this.options.logger.warn({ status: res.status, bookingId }, "booking alert webhook refused");
    } catch (err) {
      // The URL carries the webhook's secret: never logged.
      this.options.logger.warn({ err: (err as Error).name, bookingId }, "booking alert webhook failed");
    }
  }
}
