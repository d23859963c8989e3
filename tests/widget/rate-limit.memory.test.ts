import { describe, expect, it } from "vitest";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import type { Kv } from "../../src/state/kv.js";
import { MessageRateLimiter } from "../../src/http/rate-limit.js";
import { addressGroup } from "../../src/util/address-group.js";
import { rateLimitContract } from "./rate-limit.contract.js";

rateLimitContract("memory", async () => {
  let now = 1_000_000;
  const kv = new MemoryKv(() => now);
  return {
    kv,
    advance: async (ms) => {
      now += ms;
    },
    cleanup: () => kv.close(),
  };
});

describe("MessageRateLimiter when the store fails", () => {
  it("allows the message rather than silencing the person", async () => {
    const broken = new Proxy(new MemoryKv(), {
      get: (target, prop) => (prop === "incr" ? () => Promise.reject(new Error("store down")) : Reflect.get(target, prop)),
    }) as Kv;
    const limiter = new MessageRateLimiter(broken, { perMinute: 1 });
    const visitorId = "00000000-0000-4000-8000-000000000001";
    expect(await limiter.check({ visitorId, ip: "203.0.113.7" })).toEqual({ kind: "allowed" });
    expect(await limiter.check({ visitorId, ip: "203.0.113.7" })).toEqual({ kind: "allowed" });
  });
});

describe("addressGroup", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
  ])("%s -> %s", (ip, group) => {
    expect(addressGroup(ip)).toBe(group);
  });
});
