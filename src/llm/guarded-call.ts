import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { CircuitBreaker } from "./circuit-breaker.js";

/** Why a call to OpenAI gave nothing usable. */
export type CallFailure =
  /** The budget ran out (a slow or hung server). */
  | "timeout"
  /** 429: rate limit or quota. */
  | "rate-limited"
  /** 5xx. */
  | "server-error"
  /** The connection failed or was reset. */
  | "connection"
  /** 401, 403, 404: a key, permission or model problem that every call will hit. */
  | "misconfigured"
  /** 400, 422 and the like: this one request was refused; the service itself is fine. */
  | "bad-request";

export type CallOutcome<T> =
  | { readonly kind: "ok"; readonly value: T; readonly attempts: number; readonly ms: number }
  /** The breaker is open: nothing was sent. */
  | { readonly kind: "circuit-open" }
  | { readonly kind: "failed"; readonly reason: CallFailure; readonly status?: number; readonly attempts: number; readonly ms: number };

export interface GuardedCallOptions {
  /** Hard limit for the whole call, retries included. */
  readonly budgetMs: number;
  readonly breaker: CircuitBreaker;
  /** Retry once on a 5xx or a dropped connection. Only for calls that change nothing (classification). */
  readonly retry: boolean;
  /** A retry is only started when at least this much of the budget is left. */
  readonly minRetryMs?: number;
  readonly now?: () => number;
}

/** What each attempt gets: abort on this signal, and let the SDK give up after `timeoutMs`. */
export interface AttemptLimits {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

const TIMED_OUT = Symbol("timed out");

/**
 * Runs one OpenAI call inside a time budget, behind a circuit breaker, retrying once when safe.
 * Never throws and never takes longer than the budget (plus a timer tick): the budget is
 * enforced here, not left to the SDK or the server.
 */
export async function guardedCall<T>(call: (limits: AttemptLimits) => Promise<T>, options: GuardedCallOptions): Promise<CallOutcome<T>> {
  const { breaker, budgetMs } = options;
  const now = options.now ?? Date.now;
  if (!breaker.tryAcquire()) return { kind: "circuit-open" };

  const started = now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(TIMED_OUT);
    }, budgetMs);
  });

  const maxAttempts = options.retry ? 2 : 1;
  let attempts = 0;
  let failure: { reason: CallFailure; status?: number } = { reason: "timeout" };
  try {
    while (attempts < maxAttempts) {
      const remaining = budgetMs - (now() - started);
      if (attempts > 0 && remaining < (options.minRetryMs ?? 250)) break;
      attempts += 1;
      try {
        const value = await Promise.race([call({ signal: controller.signal, timeoutMs: Math.max(1, remaining) }), deadline]);
        if (value === TIMED_OUT) {
          failure = { reason: "timeout" };
          break;
        }
        breaker.success();
        return { kind: "ok", value, attempts, ms: now() - started };
      } catch (err) {
        failure = classify(err, controller.signal.aborted);
        if (failure.reason !== "server-error" && failure.reason !== "connection") break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  // Cancel whatever is still in flight; the answer is no longer wanted.
  controller.abort();
  // A refused request says the service is up; anything else counts towards opening the breaker.
  if (failure.reason === "bad-request") breaker.success();
  else breaker.failure();
  return { kind: "failed", ...failure, attempts, ms: now() - started };
}

/** Maps an error from the openai SDK to a failure reason. */
export function classify(err: unknown, aborted: boolean): { reason: CallFailure; status?: number } {
  if (aborted || err instanceof APIUserAbortError || err instanceof APIConnectionTimeoutError) return { reason: "timeout" };
  if (err instanceof APIConnectionError) return { reason: "connection" };
  if (err instanceof APIError && typeof err.status === "number") {
    const status = err.status;
    if (status === 429) return { reason: "rate-limited", status };
    if (status >= 500 || status === 408 || status === 409) return { reason: "server-error", status };
    if (status === 401 || status === 403 || status === 404) return { reason: "misconfigured", status };
    return { reason: "bad-request", status };
  }
  return { reason: "connection" };
}
