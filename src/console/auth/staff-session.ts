import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { SessionRepo } from "../../state/sessions.js";
import type { StaffAccountRepo, StaffRole } from "../../state/staff-accounts.js";
import { readCookie, SESSION_COOKIE } from "./cookies.js";
import { csrfTokensMatch } from "./csrf.js";
import { HttpError } from "../../http/http-error.js";

/** The signed-in staff member of a request. */
export interface SignedInStaff {
  readonly email: string;
  readonly csrf: string;
  readonly token: string;
  readonly roles: readonly StaffRole[];
}

/** The staff member `loadStaff` found, if any. */
export function staffOf(res: Response): SignedInStaff | undefined {
  return res.locals.staff as SignedInStaff | undefined;
}

/** Like {@link staffOf}, for handlers behind {@link requireStaff}. */
export function signedIn(res: Response): SignedInStaff {
  const staff = staffOf(res);
  if (!staff) throw new Error("route is not behind requireStaff");
  return staff;
}

/** The header the console's script sends when a page refreshes itself (see views/console-script.ts). */
export const LIVE_REQUEST_HEADER = "x-console-live";

/**
 * Resumes the session named by the cookie and remembers who is signed in. A person's request
 * renews the idle time; the live event stream and a page refreshing itself do not, so an
 * unattended console still signs out after STAFF_SESSION_IDLE_MINUTES. A session of an account
 * that is gone, disabled, or was reset (password, roles, second factor) after the session began
 * is ended here, on its next request.
 */
export function loadStaff(sessions: SessionRepo, accounts: StaffAccountRepo, now: () => Date, secureCookies = false): RequestHandler {
  return async (req, res, next) => {
    try {
      const token = readCookie(req, SESSION_COOKIE, secureCookies);
      if (token) {
        const automatic = req.get(LIVE_REQUEST_HEADER) === "1" || req.path === "/events";
        const session = await sessions.resume(token, now(), { renew: !automatic });
        const account = session ? await accounts.get(session.email) : null;
        const valid =
          session !== null &&
          account !== null &&
          account.disabled !== true &&
          (account.sessionsValidFrom === undefined || Date.parse(session.createdAt) >= Date.parse(account.sessionsValidFrom));
        if (session && account && valid) res.locals.staff = { email: session.email, csrf: session.csrf, token, roles: account.roles } satisfies SignedInStaff;
        else {
          if (session) await sessions.destroy(token);
          res.locals.sessionEnded = true;
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Sends anyone not signed in to the sign-in page, remembering where they were going. */
export const requireStaff: RequestHandler = (req, res, next) => {
  if (staffOf(res)) return next();
  const params = new URLSearchParams();
  if (req.method === "GET" && safeNext(req.originalUrl)) params.set("next", req.originalUrl);
  if (res.locals.sessionEnded) params.set("ended", "1");
  const query = params.toString();
  res.redirect(303, `/staff/login${query ? `?${query}` : ""}`);
};

/** Every change (POST) must carry the session's CSRF token; otherwise 403. */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const staff = staffOf(res);
  const submitted = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (!staff || !csrfTokensMatch(submitted, staff.csrf)) return next(new HttpError(403, "The form was not accepted (its security token is missing or out of date). Go back, reload the page and try again."));
  next();
}

/** Only a console path may be a redirect target after sign-in (no open redirects). */
export function safeNext(path: unknown): path is string {
  return typeof path === "string" && path.length <= 500 && /^\/staff(\/[^\\]*)?(\?[^\\]*)?$/.test(path) && !path.includes("//") && !path.includes("/.") && !path.startsWith("/staff/login");
}
