import express, { type Router } from "express";
import type { Store } from "../../state/store.js";
import { HttpError } from "../../http/http-error.js";
import { visitorIdSchema } from "./web-message.js";
import { loadWebHistory } from "./web-history.js";
import type { MessageRateLimiter } from "../../http/rate-limit.js";

/**
 * `GET /api/history` with the visitor id in the `X-Visitor-Id` header (never in the URL:
 * URLs end up in access logs): the conversation so far, for the widget when its
 * websocket cannot connect. Over the socket the same answer comes from a
 * `{"type":"history","user"}` frame.
 */
export function historyRoutes(store: Pick<Store, "transcripts" | "conversations">, limiter?: MessageRateLimiter): Router {
  const router = express.Router();
  router.get("/api/history", async (req, res, next) => {
    const header = req.get("x-visitor-id");
    if (!header) return next(new HttpError(400, "X-Visitor-Id header is required (the visitor id the widget keeps)"));
    const parsed = visitorIdSchema.safeParse(header);
    if (!parsed.success) return next(new HttpError(400, "X-Visitor-Id must be a random visitor id (a v4 UUID, as crypto.randomUUID() makes)"));
    try {
      const decision = await limiter?.check({ visitorId: parsed.data, ip: req.ip });
      if (decision?.kind === "limited") {
        res.set("Retry-After", String(decision.retryAfterSeconds));
        return next(new HttpError(429, decision.message));
      }
      const history = await loadWebHistory(store, parsed.data);
      res.set("Cache-Control", "no-store").json(history);
    } catch (err) {
      next(err);
    }
  });
  router.all("/api/history", (_req, _res, next) => next(new HttpError(405, "Use GET")));
  return router;
}
