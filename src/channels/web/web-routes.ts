import express, { type Request, type Router } from "express";
import type { ClinicWebAdapter } from "../../botkit/clinic-web-adapter.js";
import type { BotHost } from "../../botkit/bot-host.js";
import { HttpError } from "../../http/http-error.js";
import { describeWebMessageError, webMessageSchema, type WebMessage } from "./web-message.js";

/** Whether a valid message may run a turn (rate limits); a refusal answers 429 with its reason. */
export type WebAdmission = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly retryAfterSeconds: number };

export interface WebRouteOptions {
  /** `ip` is the client address as express sees it (`trust proxy: loopback`). */
  admit?: (message: WebMessage, ip: string | undefined) => Promise<WebAdmission>;
}

/**
 * `POST /api/messages`: botkit's web adapter in webhook mode. The body is checked here
 * (content type, JSON, schema) so the adapter only ever sees a valid message, and the
 * answer is the JSON array of the bot's messages.
 */
export function webRoutes(adapter: ClinicWebAdapter, host: BotHost, options: WebRouteOptions = {}): Router {
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
      req.body = parsed.data;
      try {
        const admission = options.admit ? await options.admit(parsed.data, req.ip) : { ok: true as const };
        if (!admission.ok) {
          res.set("Retry-After", String(admission.retryAfterSeconds));
          return next(new HttpError(429, admission.error));
        }
        await adapter.processActivity(req, res, host.logic);
      } catch (err) {
        next(err);
      }
    },
  );
  router.all("/api/messages", (_req, _res, next) => next(new HttpError(405, "Use POST")));
  return router;
}
