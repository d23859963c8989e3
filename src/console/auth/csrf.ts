import { randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh random token for a form. */
export function newCsrfToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Whether a submitted token equals the expected one, compared in constant time. */
export function csrfTokensMatch(submitted: unknown, expected: string | undefined): boolean {
  if (typeof submitted !== "string" || !expected) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
