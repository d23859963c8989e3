import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { sendError } from "./http-error.js";

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
 * Which web pages may talk to the bot's conversation endpoints (`/api/*`, `/ws`): only the
 * bot's own pages. Clinic sites embed the chat as a frame served by the bot
 * (`/widget/frame`; ALLOWED_ORIGINS decides who may frame it), so a script on a clinic's
 * page never calls the bot itself. A page is the bot's own when its Origin is PUBLIC_BASE_URL's
 * origin, or names the host the request was sent to (the bot reached by another address,
 * e.g. 127.0.0.1 in tests). A request without an Origin header comes from a server or a
 * tool, not a browser page, and is allowed: browsers send Origin on cross-site requests
 * and on websocket upgrades.
 */
export class OriginPolicy {
  private readonly own: string | undefined;

  constructor(publicBaseUrl: string) {
    this.own = normaliseOrigin(publicBaseUrl);
  }

  /** `host` is the request's Host header. */
  allows(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined || origin === "") return true;
    const normalised = normaliseOrigin(origin);
    if (normalised === undefined) return false; // "null" (sandboxed frames, file://) and other schemes
    if (normalised === this.own) return true;
    return host !== undefined && new URL(normalised).host === host.toLowerCase();
  }

  /** For the websocket server's verifyClient: refuses the upgrade (403) from another site's page. */
  allowsUpgrade(info: { origin: string; req: IncomingMessage }): boolean {
    return this.allows(info.origin || undefined, info.req.headers.host);
  }
}

/**
 * Express middleware for the conversation's HTTP endpoints: 403 with the reason for a page
 * of another site. No CORS headers are sent, so the browser also withholds any response
 * from a page of another origin, and its preflights fail.
 */
export function originCheck(policy: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary("Origin");
    if (!policy.allows(origin, req.headers.host)) {
      return sendError(res, 403, `Pages of another website (${String(origin).slice(0, 100)}) cannot call the chat; embed it with /widget.js.`);
    }
    next();
  };
}
