import type { Request, Response } from "express";
import { parse, serialize } from "cookie";

/** The console session cookie: an opaque random token (the store keeps only its hash). */
export const SESSION_COOKIE = "kcb_staff";
/** The sign-in form's double-submit CSRF token, signed (there is no session yet to hold one). */
export const LOGIN_CSRF_COOKIE = "kcb_staff_login";

/**
 * The name a console cookie really has: over https it carries the `__Host-` prefix, which the
 * browser accepts only with Secure, Path=/ and no Domain, so no sibling subdomain or plain-http
 * page can plant or overwrite it.
 */
export function cookieName(name: string, secure: boolean): string {
  return secure ? `__Host-${name}` : name;
}

/** A console cookie of a request, parsed with the `cookie` library. */
export function readCookie(req: Request, name: string, secure = false): string | undefined {
  const header = req.headers.cookie;
  return header ? parse(header)[cookieName(name, secure)] : undefined;
}

/**
 * Sets a console cookie: HttpOnly, SameSite=Lax (the link in a staff alert is a cross-site
 * navigation and must arrive signed in; every change is a POST, which Lax does not carry
 * cross-site, and is checked for a CSRF token besides). Over https: Secure, `__Host-` and
 * Path=/ (the prefix requires it); over plain http (development) scoped to /staff.
 */
export function setConsoleCookie(res: Response, name: string, value: string, secure: boolean, maxAgeSeconds?: number): void {
  res.append(
    "Set-Cookie",
    serialize(cookieName(name, secure), value, { httpOnly: true, sameSite: "lax", secure, path: secure ? "/" : "/staff", ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}) }),
  );
}

export function clearConsoleCookie(res: Response, name: string, secure: boolean): void {
  setConsoleCookie(res, name, "", secure, 0);
}
