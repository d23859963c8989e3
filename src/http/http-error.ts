import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "../logging/logger.js";

/** An error with the HTTP status and the reason to show the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = statusCode(status),
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The one JSON error shape: `{"error":{"code":"bad_request","message":"text must not be empty"}}`. */
export function sendError(res: Response, status: number, message: string, code = statusCode(status)): void {
  res.status(status).json({ error: { code, message } });
}

export const notFound: RequestHandler = (req, res) => sendError(res, 404, `No route for ${req.method} ${req.path}`);

/**
 * Turns any error into a JSON answer: the reason for 4xx, a plain apology for 5xx.
 * Never a stack trace; body-parser's errors (bad JSON, too large) become 400 and 413.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof HttpError) return sendError(res, err.status, err.message, err.code);
    const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
    if (e.type === "entity.parse.failed") return sendError(res, 400, "Body is not valid JSON");
    if (e.type === "entity.too.large") return sendError(res, 413, "Body is too large");
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500) return sendError(res, e.status, e.expose && e.message ? e.message : "Bad request");
    logger.error({ err, method: req.method, path: req.path }, "request failed");
    sendError(res, 500, "Something went wrong on our side. Please try again.");
  };
}

function statusCode(status: number): string {
  const codes: Record<number, string> = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
  };
  return codes[status] ?? (status >= 500 ? "server_error" : "error");
}
