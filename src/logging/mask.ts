/**
 * Masking for logs: phone numbers, names, emails and message text are health data here.
 * Logs keep enough to correlate (last two digits, lengths), never the content.
 */

/** "+15551234567" -> "+1********67". Works on any string that looks like a phone number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 4) return "***";
  const plus = phone.trim().startsWith("+") ? "+" : "";
  return `${plus}${digits[0]}${"*".repeat(digits.length - 3)}${digits.slice(-2)}`;
}

/** "alex@example.com" -> "a***@e***". */
export function maskEmail(email: string): string {
  const [user = "", domain = ""] = email.split("@");
  return `${user.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** Conversation ids carry the phone number on SMS: "sms:+15551234567" -> "sms:+1********67". */
export function maskConversationId(id: string): string {
  const [channel, rest] = splitOnce(id, ":");
  if (rest === undefined) return id;
  return channel === "sms" ? `${channel}:${maskPhone(rest)}` : `${channel}:${rest.slice(0, 8)}…`;
}

// Not inside ids: a UUID or hex token has digit runs too, but letters or dashes right beside them.
// Not an address with a port either ("db7.internal:6379"): a colon and a digit right after end no phone number.
const PHONE_IN_TEXT = /(?<![\w-])\+?\d[\d\s().-]{7,}\d(?![\w-]|:\d)/g;
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/** An IPv4 address (every part 0-255, so "555.123.4567" is not one), with its port if any. */
const IPV4_IN_TEXT = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\d|\\.\\d)(?::\\d{1,5})?`, "g");
/** The date (and hour) of a timestamp written with a space, "2026-11-24 17:00". */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}( \d{2})?$/;

/**
 * Masks phone numbers and emails found anywhere inside free text (error messages, URLs).
 * IP addresses, ports and dates stay readable: they say where a connection failed and when.
 */
export function maskInText(text: string): string {
  let out = "";
  let last = 0;
  for (const address of text.matchAll(IPV4_IN_TEXT)) {
    out += maskPhonesAndEmails(text.slice(last, address.index)) + address[0];
    last = address.index + address[0].length;
  }
  return out + maskPhonesAndEmails(text.slice(last));
}

function maskPhonesAndEmails(text: string): string {
  return text.replace(EMAIL_IN_TEXT, maskEmail).replace(PHONE_IN_TEXT, (candidate) => (DATE_TIME.test(candidate) ? candidate : maskPhone(candidate)));
}

/** Keys whose values are never logged, only their length. */
const CONTENT_KEYS = new Set(["text", "body", "Body", "smsText", "transcript", "note", "password", "name", "callbackName"]);
/** Keys whose values are phone numbers. */
const PHONE_KEYS = new Set(["phone", "from", "to", "From", "To", "senderId", "callbackPhone", "number"]);
const SECRET_KEYS = /token|secret|authorization|cookie|password|apikey|api_key/i;

/** Deep-copies a log object with every sensitive field masked. */
export function maskLogObject(value: unknown, key = "", depth = 0): unknown {
  if (depth > 6) return "[deep]";
  if (value === null || value === undefined) return value;
  if (typeof value === "string") {
    if (SECRET_KEYS.test(key)) return "[secret]";
    if (CONTENT_KEYS.has(key)) return `[${value.length} chars]`;
    if (PHONE_KEYS.has(key)) return maskPhone(value);
    if (key === "conversationId" || key === "conversation") return maskConversationId(value);
    if (key === "email") return maskEmail(value);
    return maskInText(value);
  }
  if (typeof value !== "object") return value;
  if (value instanceof Error) {
    return { type: value.name, message: maskInText(value.message), stack: value.stack ? maskInText(value.stack) : undefined };
  }
  if (Array.isArray(value)) return value.map((v) => maskLogObject(v, key, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskLogObject(v, k, depth + 1);
  return out;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
