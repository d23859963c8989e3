import express, { type Request, type Router } from "express";
import type { InboundMessage } from "../../domain/message.js";
import type { TurnResult } from "../../pipeline/turn.js";
import { HttpError } from "../../http/http-error.js";
import { describeWebMessageError, toInboundMessage, toWebReply, webMessageSchema } from "./web-message.js";

/**
 * `POST /api/messages`: the web channel's webhook. The body is checked here (content type,
 * JSON, schema), becomes one InboundMessage and runs one turn; the answer is the JSON array of
 * the bot's messages, or 429 with the reason when the pipeline's rate limit refused it (which
 * it never does to a message that reads as a crisis or a possible risk).
 */
export function webRoutes(run: (message: InboundMessage) => Promise<TurnResult>): Router {
  const router = express.Router();
  router.post(
    "/api/messages",
    (req, _res, next) => {
      if (!req.is("application/json")) return next(new HttpError(415, "Content-Type must be application/json"));
      next();
    },
    express.json({ limit: "16kb", strict: true }),
    async (req: Request, res, next) => {
      const parsed = webMessageSchema.safeParse(req.body);
      if (!parsed.success) return next(new HttpError(400, describeWebMessageError(parsed.error)));
      try {
        const result = await run(toInboundMessage(parsed.data, new Date(), req.ip));
        if (result.outcome.kind === "refused") {
          res.set("Retry-After", String(result.outcome.retryAfterSeconds));
          return next(new HttpError(429, result.outcome.reason));
        }
        res.set("Cache-Control", "no-store").json(result.replies.map(toWebReply));
      } catch (err) {
        next(err);
      }
    },
  );
  router.all("/api/messages", (_req, _res, next) => next(new HttpError(405, "Use POST")));
  return router;
}
