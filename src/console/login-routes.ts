import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import { verifyAgainstDummy, verifyPassword, MAX_PASSWORD_LENGTH } from "./auth/passwords.js";
import { clearConsoleCookie, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, setConsoleCookie } from "./auth/cookies.js";
import { csrfTokensMatch, newCsrfToken } from "./auth/csrf.js";
import { requireCsrf, requireStaff, safeNext, signedIn, staffOf } from "./auth/staff-session.js";
import { loginPage, type LoginPageModel } from "./views/login-page.js";
import type { ConsoleDeps } from "./console-deps.js";
import { asyncRoute } from "./async-route.js";

const loginForm = z.object({
  email: z.string().trim().max(254),
  password: z.string().max(MAX_PASSWORD_LENGTH),
  _csrf: z.string().max(200),
  next: z.string().max(500).optional(),
});

/** `/staff/login` (GET form, POST credentials) and `/staff/logout`. */
export function loginRoutes(deps: ConsoleDeps): Router {
  const { store, logger, now } = deps;
  const router = express.Router();

  const renderLogin = (res: Response, status: number, model: Omit<LoginPageModel, "clinicName" | "csrf">) => {
    const csrf = newCsrfToken();
    setConsoleCookie(res, LOGIN_CSRF_COOKIE, csrf, deps.secureCookies, 60 * 60);
    res.status(status).type("html").send(loginPage({ clinicName: deps.clinic.name, csrf, ...model }).value);
  };

  router.get("/login", (req, res) => {
    if (staffOf(res)) return res.redirect(303, "/staff/queue");
    const next = typeof req.query.next === "string" && safeNext(req.query.next) ? req.query.next : undefined;
    const info =
      req.query.ended === "1"
        ? `Your session ended (after ${deps.idleMinutes} minutes without activity, or after 12 hours). Please sign in again.`
        : req.query.signedOut === "1"
          ? "You are signed out."
          : undefined;
    renderLogin(res, 200, { ...(next ? { next } : {}), ...(info ? { info } : {}) });
  });

  router.post(
    "/login",
    asyncRoute(async (req: Request, res: Response) => {
      const parsed = loginForm.safeParse(req.body);
      const next = parsed.success && safeNext(parsed.data.next) ? parsed.data.next : undefined;
      const keep = { ...(next ? { next } : {}), ...(parsed.success && parsed.data.email ? { email: parsed.data.email } : {}) };
      if (!parsed.success || !csrfTokensMatch(parsed.data._csrf, readCookie(req, LOGIN_CSRF_COOKIE))) {
        return renderLogin(res, 403, { ...keep, error: "The sign-in form expired or was not sent from this site. Please try again." });
      }
      const { email, password } = parsed.data;
      if (!email || !password) return renderLogin(res, 400, { ...keep, error: "Enter your email address and your password." });

      const ip = req.ip ?? "unknown";
      const before = await store.loginThrottle.check(email, ip);
      if (before.kind === "locked") return locked(res, before.retryAfterMs, keep);

      const account = await store.staff.get(email);
      const ok = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstDummy(password);
      if (!ok || !account) {
        const after = await store.loginThrottle.recordFailure(email, ip);
        logger.warn({ email, ip, locked: after.kind === "locked" }, "staff sign-in failed");
        if (after.kind === "locked") return locked(res, after.retryAfterMs, keep);
        return renderLogin(res, 401, { ...keep, error: "The email address or password is not right." });
      }

      await store.loginThrottle.recordSuccess(email);
      // A new session on every sign-in: a session id planted before sign-in is worthless.
      const previous = readCookie(req, SESSION_COOKIE);
      if (previous) await store.sessions.destroy(previous);
      const { token } = await store.sessions.create(account.email, now());
      setConsoleCookie(res, SESSION_COOKIE, token, deps.secureCookies);
      clearConsoleCookie(res, LOGIN_CSRF_COOKIE, deps.secureCookies);
      await store.audit.append({ at: now().toISOString(), staff: account.email, action: "sign-in", ip });
      res.redirect(303, next ?? "/staff/queue");
    }),
  );

  router.post(
    "/logout",
    requireStaff,
    requireCsrf,
    asyncRoute(async (req: Request, res: Response) => {
      const staff = signedIn(res);
      await store.sessions.destroy(staff.token);
      clearConsoleCookie(res, SESSION_COOKIE, deps.secureCookies);
      await store.audit.append({ at: now().toISOString(), staff: staff.email, action: "sign-out", ip: req.ip ?? "unknown" });
      res.redirect(303, "/staff/login?signedOut=1");
    }),
  );

  function locked(res: Response, retryAfterMs: number, keep: { next?: string; email?: string }): void {
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    res.setHeader("Retry-After", String(Math.ceil(retryAfterMs / 1000)));
    renderLogin(res, 429, { ...keep, error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an administrator.` });
  }

  return router;
}
