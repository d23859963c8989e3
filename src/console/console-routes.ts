import { createHash } from "node:crypto";
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from "express";
import { z } from "zod";
import { HttpError } from "../http/http-error.js";
import { loadStaff, requireStaff, signedIn, staffOf } from "./auth/staff-session.js";
import type { ConsoleDeps } from "./console-deps.js";
import { asyncRoute } from "./async-route.js";
import { loadRoles, requireRole } from "./auth/roles.js";
import { auditCsv } from "./audit-export.js";
import { loginRoutes } from "./login-routes.js";
import { handoffRoutes } from "./handoff-routes.js";
import { consoleCss } from "./views/console-css.js";
import { queuePage } from "./views/queue-page.js";
import { bookingRoutes } from "./booking-routes.js";
import { frameOf } from "./frame.js";
import { searchTerm } from "./search.js";
import { filterQueue } from "./queue-filter.js";
import { CONSOLE_SCRIPT } from "./views/console-script.js";
import { HANDOFF_REASONS } from "../domain/handoff.js";
import { auditPage } from "./views/audit-page.js";
import { messagePage } from "./views/message-page.js";
import { insightsRoutes } from "./insights-routes.js";

export type { ConsoleDeps } from "./console-deps.js";

const queueQuery = z.object({
  status: z.enum(["active", "open", "claimed", "resolved", "all"]).catch("active"),
  urgency: z.enum(["urgent", "normal", ""]).optional().catch(undefined),
  reason: z.enum(HANDOFF_REASONS).or(z.literal("")).optional().catch(undefined),
  channel: z.enum(["web", "sms", "cli", ""]).optional().catch(undefined),
  q: searchTerm,
});
const AUDIT_PAGE_LIMIT = 200;
/** Handoffs a queue page reads before filtering (the transcript search reads each one's transcript). */
const QUEUE_LIMIT = 300;
/** How often an open event stream says it is alive (proxies close quiet connections). */
const HEARTBEAT_MS = 25_000;

/**
 * The staff console, mounted at `/staff`: sign-in, the handoff queue (search, filters, waiting
 * times), conversation pages with claim / reply / resolve / keep, transcript exports, the call
 * list and the audit log. Server-rendered HTML that works without scripts; one small script
 * keeps the queue and call list live (server-sent events at /staff/events) and badges the
 * title on an urgent handoff. Everything but the sign-in page, the stylesheet and the script
 * needs a session, and every POST a CSRF token.
 */
export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = express.Router();
  const css = consoleCss(deps.clinic.branding.color);

  router.use(securityHeaders);
  const cssTag = contentTag(css);
  const scriptTag = contentTag(CONSOLE_SCRIPT);
  router.get("/console.css", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.setHeader("ETag", cssTag);
    res.type("css").send(css);
  });
  router.get("/console.js", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.setHeader("ETag", scriptTag);
    res.type("js").send(CONSOLE_SCRIPT);
  });
  router.use(express.urlencoded({ extended: false, limit: "32kb", parameterLimit: 20 }));
  router.use(loadStaff(deps.store.sessions, deps.store.staff, deps.now, deps.secureCookies));
  router.use(loginRoutes(deps));

  router.use(requireStaff);
  router.use(loadRoles(deps.store.staff));
  router.get("/", (_req, res) => res.redirect(303, "/staff/queue"));

  router.get(
    "/queue",
    asyncRoute(async (req, res) => {
      const query = queueQuery.parse(req.query);
      const filters = { urgency: query.urgency || undefined, reason: query.reason || undefined, channel: query.channel || undefined, q: query.q };
      const listed = await deps.store.handoffs.queue(query.status, QUEUE_LIMIT);
      const handoffs = await filterQueue(deps, listed, filters);
      res.type("html").send(queuePage({ frame: frameOf(deps, res), handoffs, filter: query.status, filters, timeZone: deps.clinic.timeZone, now: deps.now() }).value);
    }),
  );

  router.get("/events", (req, res) => {
    const feed = deps.feed;
    if (!feed) throw new HttpError(404, "Live updates are off.");
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write("retry: 3000\n\n");
    const unsubscribe = feed.subscribe((event) => send("change", event));
    feed.current().then(
      (state) => send("state", { urgent: state.urgent }),
      (err: unknown) => deps.logger.warn({ err }, "console feed: first read failed"),
    );
    const heartbeat = setInterval(() => res.write(": alive\n\n"), HEARTBEAT_MS);
    req.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  router.use(handoffRoutes(deps));
  router.use(bookingRoutes(deps));

  router.get(
    "/audit",
    asyncRoute(async (_req, res) => {
      const entries = await deps.store.audit.list({ limit: AUDIT_PAGE_LIMIT });
      res.type("html").send(auditPage({ frame: frameOf(deps, res), entries, timeZone: deps.clinic.timeZone, limit: AUDIT_PAGE_LIMIT }).value);
    }),
  );

  if (deps.insights) router.use(insightsRoutes(deps.insights, (res) => frameOf(deps, res)));

  // What /healthz used to show anyone: spooled writes, OpenAI settings, breakers, calls and tokens.
  router.get(
    "/health.json",
    asyncRoute(async (_req, res) => {
      res.json(deps.operations ? await deps.operations() : {});
    }),
  );

  // The whole audit log as CSV, for administrators only; the export is itself audited.
  router.get(
    "/audit.csv",
    requireRole("admin"),
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      await deps.store.audit.append({ at: deps.now().toISOString(), staff: staff.email, action: "audit-export", ip: req.ip ?? "unknown" });
      res.setHeader("Content-Disposition", `attachment; filename="audit-log-${deps.now().toISOString().slice(0, 10)}.csv"`);
      res.type("text/csv; charset=utf-8");
      for await (const chunk of auditCsv(deps.store.audit)) res.write(chunk);
      res.end();
    }),
  );

  router.use((req, _res, next) => next(new HttpError(404, `There is no console page at ${req.path}.`)));
  router.use(consoleErrors(deps));
  return router;
}

/**
 * Pages with patient data: never cached, never framed, no scripts but the console's own file
 * (no inline script, so even escaped text that slipped through could not run), no referrer
 * leaking console URLs.
 */
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader(
    "Content-Security-Policy",
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "no-referrer");
  next();
};

/** Console errors as HTML pages: the reason for 4xx, a plain apology for 5xx, never a stack trace. */
function consoleErrors(deps: ConsoleDeps): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const staff = staffOf(res);
    const frame = { title: "Problem", clinicName: deps.clinic.name, ...(staff ? { staff: { email: staff.email, csrf: staff.csrf } } : {}) };
    const e = err as { type?: string; status?: number };
    let status: number;
    let text: string;
    if (err instanceof HttpError) {
      status = err.status;
      text = err.message;
    } else if (e.type === "entity.too.large") {
      status = 413;
      text = "That was too much text to send at once.";
    } else if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
      status = e.status;
      text = "The request was not understood.";
    } else {
      deps.logger.error({ err, method: req.method, path: req.path }, "console request failed");
      status = 500;
      text = "Something went wrong on our side. Please try again in a moment.";
    }
    const heading = status === 403 ? "Not allowed" : status === 404 ? "Not found" : status >= 500 ? "Something went wrong" : "Could not do that";
    res.status(status).type("html").send(messagePage(frame, heading, text).value);
  };
}

/** A strong ETag of a fixed body, computed once (the app sets no automatic ETags): a browser revalidates with a 304. */
function contentTag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}
