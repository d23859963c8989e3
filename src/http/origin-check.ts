import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { sendError } from "./http-error.js";

/** Headers a widget on another site may send (the visitor id travels in a header, not a URL). */
const ALLOWED_HEADERS = "Content-Type, X-Visitor-Id";
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** `https://Clinic.example:443/` becomes `https://clinic.example`; undefined when it is not an http(s) origin. */
export function normaliseOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Which web pages may talk to the bot: the origins in ALLOWED_ORIGINS, the bot's own
 * origin (PUBLIC_BASE_URL), and any page the bot itself served (its Origin names the host
 * the request was sent to). A request without an Origin header comes from a server or a
 * tool, not a browser page, and is allowed: browsers always send Origin on cross-site
 * POSTs and websocket upgrades.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[], publicBaseUrl: string) {
    const origins = [...allowedOrigins, publicBaseUrl].map(normaliseOrigin).filter((o): o is string => o !== undefined);
    this.allowed = new Set(origins);
  }

  /** `host` is the request's Host header. */
  allows(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined || origin === "") return true;
    const normalised = normaliseOrigin(origin);
    if (normalised === undefined) return false; // "null" (sandboxed frames, file://) and other schemes
    if (this.allowed.has(normalised)) return true;
    return host !== undefined && new URL(normalised).host === host.toLowerCase();
  }

  /** For the websocket server's verifyClient: refuses the upgrade (403) from a page that may not embed the chat. */
  allowsUpgrade(info: { origin: string; req: IncomingMessage }): boolean {
    return this.allows(info.origin || undefined, info.req.headers.host);
  }
}

/**
 * Express middleware for the widget's HTTP endpoints: 403 for a disallowed Origin, CORS for
 * the pages that call the bot from another origin. No cookies are used, so no credentials.
 *
 * The browser's OPTIONS preflight is answered for every origin and the request itself is
 * refused: a refused preflight reaches the page as a bare network error, while a readable
 * 403 lets the widget on a site that is not allowed tell the visitor to phone instead.
 * Nothing is granted by this: the check runs on every real request, before any handler.
 */
export function originCheck(policy: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary("Origin");
    if (origin) res.set("Access-Control-Allow-Origin", origin);
    if (req.method === "OPTIONS") {
      res.set({
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE_SECONDS),
      });
      return void res.status(204).end();
    }
    if (!policy.allows(origin, req.headers.host)) {
      return sendError(res, 403, `This website (${String(origin).slice(0, 100)}) is not allowed to use this chat. Add its origin to ALLOWED_ORIGINS.`);
    }
    next();
  };
}
