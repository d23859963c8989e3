import type { RequestHandler } from "express";

/** One year, with subdomains: the bot is only ever served over https in production. */
const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Headers on every response: HSTS when the bot is served over https (PUBLIC_BASE_URL) or in
 * production, so a browser never again tries it over plain http; and `Cache-Control: no-store`
 * on `/api/*` (messages and history are health data: no browser or proxy cache may keep them).
 */
export function securityHeaders(options: { readonly https: boolean }): RequestHandler {
  return (req, res, next) => {
    if (options.https) res.setHeader("Strict-Transport-Security", HSTS);
    if (req.path.startsWith("/api/")) res.setHeader("Cache-Control", "no-store");
    next();
  };
}
