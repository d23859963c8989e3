import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kv } from "../../src/state/kv.js";
import { IP_ALLOWANCE_MULTIPLIER, MessageRateLimiter, RATE_LIMITED_MESSAGE } from "../../src/http/rate-limit.js";

/** A store for one test, and a way to let time pass (a fake clock in memory, real time on Redis). */
export interface RateLimitFixture {
  readonly kv: Kv;
  advance(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

const WINDOW_MS = 300;
const visitor = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** The rate limiter's behaviour on any {@link Kv}: run against memory and the real Redis. */
export function rateLimitContract(name: string, make: () => Promise<RateLimitFixture>): void {
  describe(`MessageRateLimiter: ${name}`, () => {
    let f: RateLimitFixture;
    let limiter: MessageRateLimiter;
    beforeEach(async () => {
      f = await make();
      limiter = new MessageRateLimiter(f.kv, { perMinute: 3, windowMs: WINDOW_MS });
    });
    afterEach(async () => {
      await f.cleanup();
    });

    const send = (n: number, ip: string | undefined = "203.0.113.7") => limiter.check({ visitorId: visitor(n), ip });

    it("allows a visitor's allowance and refuses the next message with the crisis line and a retry time", async () => {
      for (let i = 0; i < 3; i++) expect(await send(1)).toEqual({ kind: "allowed" });
      const refused = await send(1);
      expect(refused).toMatchObject({ kind: "limited", scope: "visitor", message: RATE_LIMITED_MESSAGE });
      expect(refused.kind === "limited" && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(RATE_LIMITED_MESSAGE).toContain("If you are in crisis, call or text 988, or call 911.");
    });

    it("counts each visitor separately", async () => {
      for (let i = 0; i < 3; i++) await send(1);
      expect(await send(2)).toEqual({ kind: "allowed" });
    });

    it("opens again when the window has passed", async () => {
      for (let i = 0; i < 4; i++) await send(1);
      expect((await send(1)).kind).toBe("limited");
      await f.advance(WINDOW_MS + 50);
      expect(await send(1)).toEqual({ kind: "allowed" });
    });

    it("limits one IP address across visitors at a multiple of the visitor allowance", async () => {
      const allowance = 3 * IP_ALLOWANCE_MULTIPLIER;
      for (let i = 0; i < allowance; i++) expect((await send(100 + i)).kind).toBe("allowed");
      expect(await send(999)).toMatchObject({ kind: "limited", scope: "ip" });
      expect(await send(999, "198.51.100.1")).toEqual({ kind: "allowed" });
    });

    it("treats every address of one IPv6 /64 as one address", async () => {
      const allowance = 3 * IP_ALLOWANCE_MULTIPLIER;
      for (let i = 0; i < allowance; i++) await send(100 + i, `2001:db8:1:2::${(i + 1).toString(16)}`);
      expect((await send(999, "2001:db8:1:2:ffff::1")).kind).toBe("limited");
      expect((await send(999, "2001:db8:1:3::1")).kind).toBe("allowed");
    });

    it("keeps separate counts for separate counters (messages, history reads)", async () => {
      for (let i = 0; i < 4; i++) await send(1);
      expect((await send(1)).kind).toBe("limited");
      const history = new MessageRateLimiter(f.kv, { perMinute: 3, windowMs: WINDOW_MS, counter: "history" });
      expect((await history.check({ visitorId: visitor(1), ip: "203.0.113.7" })).kind).toBe("allowed");
    });

    it("counts without an IP address (a server calling the webhook)", async () => {
      for (let i = 0; i < 3; i++) expect((await send(1, undefined)).kind).toBe("allowed");
      expect((await send(1, undefined)).kind).toBe("limited");
    });
  });
}
