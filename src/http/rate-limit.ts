import { createHash } from "node:crypto";
import { addressGroup } from "../util/address-group.js";
import type { Kv } from "../state/kv.js";
import { keys } from "../state/keys.js";
import type { Logger } from "../logging/logger.js";
import { withTimeLimit } from "../util/time-limit.js";

/**
 * What a rate-limited web visitor reads. It carries the crisis line itself: a person in
 * crisis who is sending many messages must never be answered with a bare "slow down".
 */
export const RATE_LIMITED_MESSAGE = "You're sending messages very fast. Please wait a minute and try again. If you are in crisis, call or text 988, or call 911.";

/**
 * One address often carries several visitors (an office, a clinic's waiting room, a mobile
 * carrier's shared addresses), so an IP may send this many times a visitor's allowance.
 */
export const IP_ALLOWANCE_MULTIPLIER = 5;

const WINDOW_MS = 60_000;
const CHECK_BUDGET_MS = 300;

export type RateDecision =
  | { readonly kind: "allowed" }
  | { readonly kind: "limited"; readonly scope: "visitor" | "ip"; readonly retryAfterSeconds: number; readonly message: string };

export interface RateLimitOptions {
  /** Requests per visitor per minute (RATE_LIMIT_PER_MINUTE for messages). */
  readonly perMinute: number;
  /** Length of a window; tests shorten it. */
  readonly windowMs?: number;
  /** Keeps separate counts for separate things limited ("message", "history"). */
  readonly counter?: string;
  readonly logger?: Logger;
}

/**
 * Web requests per visitor and per IP address, counted in the shared store so the limits
 * hold across processes. Each window starts with its first request and lasts a minute.
 * Visitor ids and addresses are hashed before they become keys. When the store fails, the
 * request is allowed: a store outage must not silence a person (the pipeline then answers
 * or apologises on its own). A message that reads as a crisis or a possible risk never
 * meets this limiter: the pipeline decides safety first and skips it (pipeline/turn.ts).
 */
export class MessageRateLimiter {
  private readonly windowMs: number;

  constructor(
    private readonly kv: Kv,
    private readonly options: RateLimitOptions,
  ) {
    this.windowMs = options.windowMs ?? WINDOW_MS;
  }

  async check(message: { readonly visitorId?: string | undefined; readonly ip: string | undefined }): Promise<RateDecision> {
    const counter = this.options.counter ?? "message";
    const visitorKey = message.visitorId ? keys.webRate(`${counter}:visitor`, hash(message.visitorId)) : undefined;
    const ipKey = message.ip ? keys.webRate(`${counter}:ip`, hash(addressGroup(message.ip))) : undefined;
    try {
      // A slow store must not hold a message back: past the budget the message is allowed.
      const [visitorCount, ipCount] = await withTimeLimit(
        Promise.all([
          visitorKey ? this.kv.incr(visitorKey, { ttlMs: this.windowMs }) : Promise.resolve(0),
          ipKey ? this.kv.incr(ipKey, { ttlMs: this.windowMs }) : Promise.resolve(0),
        ]),
        CHECK_BUDGET_MS,
        "rate limit check timed out",
      );
      if (ipKey && ipCount > this.options.perMinute * IP_ALLOWANCE_MULTIPLIER) return await this.limited("ip", ipKey);
      if (visitorKey && visitorCount > this.options.perMinute) return await this.limited("visitor", visitorKey);
      return { kind: "allowed" };
    } catch (err) {
      this.options.logger?.warn({ err }, "rate limit unavailable; message allowed");
      return { kind: "allowed" };
    }
  }

  private async limited(scope: "visitor" | "ip", key: string): Promise<RateDecision> {
    const ttl = await this.kv.pttl(key);
    const retryAfterSeconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : this.windowMs) / 1000));
    this.options.logger?.info({ scope, retryAfterSeconds }, "web message rate-limited");
    return { kind: "limited", scope, retryAfterSeconds, message: RATE_LIMITED_MESSAGE };
  }
}

function hash(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 22);
}

