import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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

/**
 * The sign-in form's cookie value: the token and its HMAC under the deployment's key, so a
 * cookie planted by anyone without the key (a sibling subdomain, a man in the middle on plain
 * http) together with a matching form field is refused.
 */
export function signCsrfToken(token: string, key: Buffer): string {
  return `${token}.${createHmac("sha256", key).update(`login-csrf:${token}`).digest("base64url")}`;
}

/** The token inside a signed cookie value, or undefined when the signature does not match. */
export function verifiedCsrfToken(cookie: string | undefined, key: Buffer): string | undefined {
  if (!cookie) return undefined;
  const dot = cookie.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const token = cookie.slice(0, dot);
  return csrfTokensMatch(cookie, signCsrfToken(token, key)) ? token : undefined;
}
