import express, { type RequestHandler } from "express";
// The webhook check alone: the package's entry point loads the whole REST client (about 150 ms of start-up).
import { validateRequest } from "twilio/lib/webhooks/webhooks.js";
import { HttpError } from "../../http/http-error.js";
import type { Logger } from "../../logging/logger.js";

export interface SignatureOptions {
  /** TWILIO_AUTH_TOKEN; without it no webhook is accepted. */
  readonly authToken: string | undefined;
  /** PUBLIC_BASE_URL without a trailing slash: the address Twilio was told to call. */
  readonly publicBaseUrl: string;
  /** TWILIO_ACCOUNT_SID, when set: a signed request for another account is refused too. */
  readonly accountSid?: string | undefined;
  readonly logger: Logger;
}

/**
 * The largest webhook body accepted. Twilio documents no cap for message webhooks, but a
 * Marketplace Add-on may return up to 64 kB of JSON each (error 61007 past that), several
 * Add-ons can run on one number, and form encoding roughly doubles JSON (every quote, brace
 * and colon becomes %XX); Twilio's own cap on the webhooks it does limit is 1 MB (17564).
 * Refusing a signed webhook with 413 would lose the message, so the whole 1 MB is taken.
 */
export const TWILIO_WEBHOOK_BODY_LIMIT = "1mb";
/** Twilio sends a few dozen fields (more with media: MediaUrl0..9, MediaContentType0..9); Add-ons arrive as one field. */
const TWILIO_WEBHOOK_PARAMETER_LIMIT = 1000;

/**
 * Parses Twilio's form body and checks `X-Twilio-Signature` against PUBLIC_BASE_URL plus
 * the path and query. The Host header is never used: behind a proxy or a tunnel it names
 * the wrong address, and it is whatever the caller says it is. Nothing after these
 * handlers runs for a request that is not from Twilio.
 */
export function verifiedTwilioForm(options: SignatureOptions): RequestHandler[] {
  const { authToken, publicBaseUrl, accountSid, logger } = options;
  return [
    (req, _res, next) => {
      if (!authToken) return next(new HttpError(503, "SMS is not configured: set TWILIO_AUTH_TOKEN"));
      if (!req.is("application/x-www-form-urlencoded")) return next(new HttpError(415, "Content-Type must be application/x-www-form-urlencoded"));
      next();
    },
    express.urlencoded({ extended: false, limit: TWILIO_WEBHOOK_BODY_LIMIT, parameterLimit: TWILIO_WEBHOOK_PARAMETER_LIMIT }),
    (req, _res, next) => {
      const signature = req.get("x-twilio-signature");
      if (!signature) return next(new HttpError(403, "Missing X-Twilio-Signature"));
      const params = isPlainObject(req.body) ? req.body : {};
      const url = publicBaseUrl + req.originalUrl;
      if (!validateRequest(authToken ?? "", signature, url, params)) {
        logger.warn({ path: req.path }, "twilio webhook with an invalid signature refused");
        return next(new HttpError(403, "Invalid X-Twilio-Signature"));
      }
      if (accountSid && typeof params.AccountSid === "string" && params.AccountSid !== accountSid) {
        logger.warn({ path: req.path }, "twilio webhook for another account refused");
        return next(new HttpError(403, "AccountSid does not match TWILIO_ACCOUNT_SID"));
      }
      next();
    },
  ];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
