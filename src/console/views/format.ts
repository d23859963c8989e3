import { DateTime } from "luxon";
import { maskPhone } from "../../logging/mask.js";

/** A time as staff read it, in the clinic's time zone: "Sat 21 Nov 2026, 10:04 PST". */
export function formatTime(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: "utc" }).setZone(timeZone);
  return t.isValid ? t.toFormat("ccc d LLL yyyy, HH:mm ZZZZ") : iso;
}

/** A time with seconds, for transcript lines. */
export function formatClock(iso: string, timeZone: string): string {
  const t = DateTime.fromISO(iso, { zone: "utc" }).setZone(timeZone);
  return t.isValid ? t.toFormat("d LLL HH:mm:ss") : iso;
}

/**
 * Who a conversation is with, without giving them away: "+1*******67" on SMS, the start of
 * the random visitor id on the web. The full number is shown only on request (and audited).
 */
export function personLabel(conversationId: string): string {
  const colon = conversationId.indexOf(":");
  const channel = conversationId.slice(0, colon);
  const address = conversationId.slice(colon + 1);
  if (channel === "sms") return maskPhone(address);
  if (channel === "web") return `Web visitor ${address.slice(0, 8)}`;
  return "Terminal session";
}

/** The phone number of an SMS conversation, or null for other channels. */
export function phoneOf(conversationId: string): string | null {
  return conversationId.startsWith("sms:") ? conversationId.slice(4) : null;
}

export const CHANNEL_LABELS: Readonly<Record<string, string>> = { sms: "SMS", web: "Web chat", cli: "Terminal" };
