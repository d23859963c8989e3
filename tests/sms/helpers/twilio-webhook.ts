import { randomBytes } from "node:crypto";
import twilio from "twilio";

export const TEST_ACCOUNT_SID = `AC${"a1".repeat(16)}`;
export const TEST_AUTH_TOKEN = "test-auth-token-0123456789abcdef";
/** Deliberately not the address the test server listens on: signatures must use PUBLIC_BASE_URL. */
export const TEST_PUBLIC_BASE_URL = "https://bot.clinic.example";
export const CLINIC_NUMBER = "+15550100199";

/** The environment that turns the SMS channel on, pointing the REST client at a fake API when given. */
export function smsEnv(apiBaseUrl?: string): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: CLINIC_NUMBER,
    PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL,
    ...(apiBaseUrl ? { TWILIO_API_BASE_URL: apiBaseUrl } : {}),
  };
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

/** A random US number in the 555 range, one per simulated person. */
export function newPhone(): string {
  return `+1555${String(Math.floor(1_000_000 + Math.random() * 8_999_999))}`;
}

/** The form Twilio posts for an inbound SMS. */
export function inboundForm(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ToCountry: "US",
    ToState: "CA",
    SmsMessageSid: extra.MessageSid ?? newMessageSid(),
    NumMedia: "0",
    ToCity: "LONG BEACH",
    FromZip: "90802",
    SmsSid: "",
    FromState: "CA",
    SmsStatus: "received",
    FromCity: "LONG BEACH",
    Body: body,
    FromCountry: "US",
    To: CLINIC_NUMBER,
    NumSegments: "1",
    MessageSid: newMessageSid(),
    AccountSid: TEST_ACCOUNT_SID,
    From: from,
    ApiVersion: "2010-04-01",
    ...extra,
  };
}

export interface WebhookResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | null;
}

/** Posts a form to the bot, signed as Twilio signs it for PUBLIC_BASE_URL + path (or with a given signature). */
export async function postSigned(
  serverUrl: string,
  path: string,
  form: Record<string, string>,
  options: { signature?: string | null; token?: string; publicBaseUrl?: string } = {},
): Promise<WebhookResponse> {
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.token ?? TEST_AUTH_TOKEN, `${options.publicBaseUrl ?? TEST_PUBLIC_BASE_URL}${path}`, form)
      : options.signature;
  const res = await fetch(`${serverUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(signature === null ? {} : { "x-twilio-signature": signature }) },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: await res.text(), contentType: res.headers.get("content-type") };
}

/** The texts of the `<Message>` elements of a TwiML answer, unescaped. */
export function twimlMessages(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => unescapeXml(m[1] ?? ""));
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Sends one SMS as a person; returns the bot's message texts (asserting 200 TwiML). */
export async function text(serverUrl: string, from: string, body: string, extra: Record<string, string> = {}): Promise<string[]> {
  const res = await postSigned(serverUrl, "/twilio/sms", inboundForm(from, body, extra));
  if (res.status !== 200) throw new Error(`POST /twilio/sms answered ${res.status}: ${res.body}`);
  return twimlMessages(res.body);
}
