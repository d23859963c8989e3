import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** A code is good this long, may be tried this often, and sent at most this many times per number. */
export const CODE_MINUTES = 10;
export const MAX_CODE_TRIES = 5;
export const MAX_CODE_SENDS = 3;

/** What the dialog remembers while it waits for a code: never the code itself, only its hash. */
export const phoneCheckSchema = z.object({
  phone: z.string(),
  hash: z.string(),
  expiresAt: z.string(),
  tries: z.number().int().nonnegative(),
  sends: z.number().int().positive(),
  /** What happens once the number is confirmed: book the held slot, or look up the number's bookings. */
  then: z.enum(["finish", "lookup"]),
});
export type PhoneCheck = z.output<typeof phoneCheckSchema>;

/**
 * A phone number typed on the web proves nothing: anyone can type anyone's number. Before the
 * clinic texts it, books a call to it, or shows or changes a booking made with it, the visitor
 * types a one-time code sent to it by SMS.
 */
export function newPhoneCheck(conversationId: string, phone: string, then: PhoneCheck["then"], now: Date, sends = 1): { check: PhoneCheck; code: string } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  return { code, check: { phone, hash: hashCode(conversationId, phone, code), expiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString(), tries: 0, sends, then } };
}

/** The six digits in a message ("123456", "code is 123 456"), or null. */
export function codeIn(said: string): string | null {
  const digits = said.replace(/[\s-]/g, "").match(/(?<!\d)\d{6}(?!\d)/);
  return digits?.[0] ?? null;
}

export function codeMatches(check: PhoneCheck, conversationId: string, code: string, now: Date): "ok" | "wrong" | "expired" {
  if (now.getTime() > Date.parse(check.expiresAt)) return "expired";
  const a = Buffer.from(check.hash);
  const b = Buffer.from(hashCode(conversationId, check.phone, code));
  return a.length === b.length && timingSafeEqual(a, b) ? "ok" : "wrong";
}

function hashCode(conversationId: string, phone: string, code: string): string {
  return createHash("sha256").update(`${conversationId}\n${phone}\n${code}`).digest("base64url");
}
