import express, { type Request, type Response, type Router } from "express";
import { createHash } from "node:crypto";
import { z } from "zod";
import { verifyAgainstDummy, verifyPassword, MAX_PASSWORD_LENGTH } from "./auth/passwords.js";
import { clearConsoleCookie, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, setConsoleCookie } from "./auth/cookies.js";
import { csrfTokensMatch, newCsrfToken, signCsrfToken, verifiedCsrfToken } from "./auth/csrf.js";
import { requireCsrf, requireStaff, safeNext, signedIn, staffOf } from "./auth/staff-session.js";
import { totpCodeValid } from "./auth/totp.js";
import { loginPage, type LoginPageModel } from "./views/login-page.js";
import type { ConsoleDeps } from "./console-deps.js";
import { asyncRoute } from "./async-route.js";
import { DeploymentSecret } from "../state/deployment-secret.js";
import { keys } from "../state/keys.js";
import { normaliseEmail, type StaffAccount } from "../state/staff-accounts.js";
import { addressGroup } from "../util/address-group.js";

const loginForm = z.object({
  email: z.string().trim().max(254),
  password: z.string().max(MAX_PASSWORD_LENGTH),
  code: z.string().max(12).optional(),
  _csrf: z.string().max(200),
  next: z.string().max(500).optional(),
});

const WRONG = "The email address, password or authenticator code is not right.";

/** `/staff/login` (GET form, POST credentials) and `/staff/logout`. */
export function loginRoutes(deps: ConsoleDeps): Router {
  const { store, logger, now } = deps;
  const secure = deps.secureCookies;
  const router = express.Router();
  const csrfKey = new DeploymentSecret(store.kv, keys.staffLoginCsrfKey());

  const renderLogin = async (res: Response, status: number, model: Omit<LoginPageModel, "clinicName" | "csrf">) => {
    const csrf = newCsrfToken();
    setConsoleCookie(res, LOGIN_CSRF_COOKIE, signCsrfToken(csrf, await csrfKey.get()), secure, 60 * 60);
    res.status(status).type("html").send(loginPage({ clinicName: deps.clinic.name, csrf, ...model }).value);
  };
  const audit = (entry: Parameters<typeof store.audit.append>[0]) =>
    store.audit.append(entry).catch((err: unknown) => logger.error({ err, action: entry.action }, "audit entry not written"));

  router.get(
    "/login",
    asyncRoute(async (req, res) => {
      if (staffOf(res)) return res.redirect(303, "/staff/queue");
      const next = typeof req.query.next === "string" && safeNext(req.query.next) ? req.query.next : undefined;
      const info =
        req.query.ended === "1"
          ? `Your session ended (after ${deps.idleMinutes} minutes without activity, after 12 hours, or because your account was changed). Please sign in again.`
          : req.query.signedOut === "1"
            ? "You are signed out."
            : undefined;
      await renderLogin(res, 200, { ...(next ? { next } : {}), ...(info ? { info } : {}) });
    }),
  );

  router.post(
    "/login",
    asyncRoute(async (req: Request, res: Response) => {
      const parsed = loginForm.safeParse(req.body);
      const next = parsed.success && safeNext(parsed.data.next) ? parsed.data.next : undefined;
      const keep = { ...(next ? { next } : {}), ...(parsed.success && parsed.data.email ? { email: parsed.data.email } : {}) };
      const cookieToken = verifiedCsrfToken(readCookie(req, LOGIN_CSRF_COOKIE, secure), await csrfKey.get());
      if (!parsed.success || !csrfTokensMatch(parsed.data._csrf, cookieToken)) {
        return renderLogin(res, 403, { ...keep, error: "The sign-in form expired or was not sent from this site. Please try again." });
      }
      const { email, password } = parsed.data;
      if (!email || !password) return renderLogin(res, 400, { ...keep, error: "Enter your email address and your password." });

      const ip = req.ip ?? "unknown";
      const at = now().toISOString();
      const before = await store.loginThrottle.check(email, ip);
      const account = await store.staff.get(email);
      // An email without an account is audited by a hash only (it may be a password typed in the wrong box).
      const who = account ? account.email : `unknown account #${createHash("sha256").update(normaliseEmail(email)).digest("hex").slice(0, 12)}`;
      if (before.kind === "locked") {
        await audit({ at, staff: who, action: "sign-in-refused", ip, detail: `${before.scope} delay ${Math.ceil(before.retryAfterMs / 1000)}s from ${addressGroup(ip)}` });
        return locked(res, before.retryAfterMs, keep);
      }

      const passwordOk = account ? await verifyPassword(password, account.passwordHash) : await verifyAgainstDummy(password);
      const problem = !account || !passwordOk ? "password" : secondFactorProblem(account, parsed.data.code);
      if (problem !== null) {
        const after = await store.loginThrottle.recordFailure(email, ip);
        logger.warn({ email, ip, problem, locked: after.kind === "locked" }, "staff sign-in failed");
        await audit({ at, staff: who, action: "sign-in-failed", ip, detail: problem === "password" ? "wrong email or password" : "wrong or missing authenticator code" });
        if (after.kind === "locked") {
          if (after.delayStarted) await audit({ at, staff: who, action: "sign-in-delayed", ip, detail: `${after.scope} delay ${Math.ceil(after.retryAfterMs / 1000)}s from ${addressGroup(ip)}` });
          return locked(res, after.retryAfterMs, keep);
        }
        return renderLogin(res, 401, { ...keep, error: WRONG });
      }
      if (!account) throw new Error("unreachable: no account after a successful check");
      if (account.disabled) {
        await audit({ at, staff: account.email, action: "sign-in-refused", ip, detail: "account disabled" });
        return renderLogin(res, 403, { ...keep, error: "This account is disabled. Ask an administrator." });
      }

      await store.loginThrottle.recordSuccess(email, ip);
      // A new session on every sign-in: a session id planted before sign-in is worthless.
      const previous = readCookie(req, SESSION_COOKIE, secure);
      if (previous) await store.sessions.destroy(previous);
      const { token } = await store.sessions.create(account.email, now());
      setConsoleCookie(res, SESSION_COOKIE, token, secure);
      clearConsoleCookie(res, LOGIN_CSRF_COOKIE, secure);
      await store.audit.append({ at, staff: account.email, action: "sign-in", ip, ...(account.totpSecret ? { detail: "with authenticator code" } : {}) });
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
      clearConsoleCookie(res, SESSION_COOKIE, secure);
      await store.audit.append({ at: now().toISOString(), staff: staff.email, action: "sign-out", ip: req.ip ?? "unknown" });
      res.redirect(303, "/staff/login?signedOut=1");
    }),
  );

  async function locked(res: Response, retryAfterMs: number, keep: { next?: string; email?: string }): Promise<void> {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
    res.setHeader("Retry-After", String(seconds));
    await renderLogin(res, 429, { ...keep, error: `Too many failed sign-ins from this network. Try again in ${wait}, or ask an administrator.` });
  }

  return router;
}

/** Null when the account needs no second factor or the code is right. */
function secondFactorProblem(account: StaffAccount, code: string | undefined): "code" | null {
  if (!account.totpSecret) return null;
  return code !== undefined && totpCodeValid(code, account.totpSecret) ? null : "code";
}
