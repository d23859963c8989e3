import type { Request, Response } from "express";
import { parse, serialize } from "cookie";

/** The console session cookie: an opaque random token (the store keeps only its hash). */
export const SESSION_COOKIE = "kcb_staff";
/** The sign-in form's double-submit CSRF token (there is no session yet to hold one). */
export const LOGIN_CSRF_COOKIE = "kcb_staff_login";

/** Cookies of a request, parsed with the `cookie` library. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parse(header)[name] : undefined;
}

/**
 * Sets a console cookie: HttpOnly, SameSite=Lax (the link in a staff alert is a cross-site
 * navigation and must arrive signed in; every change is a POST, which Lax does not carry
 * cross-site, and is checked for a CSRF token besides), Secure over https, scoped to /staff.
 */
export function setConsoleCookie(res: Response, name: string, value: string, secure: boolean, maxAgeSeconds?: number): void {
  res.append(
    "Set-Cookie",
    serialize(name, value, { httpOnly: true, sameSite: "lax", secure, path: "/staff", ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}) }),
  );
}

export function clearConsoleCookie(res: Response, name: string, secure: boolean): void {
  setConsoleCookie(res, name, "", secure, 0);
}
