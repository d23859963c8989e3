import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kv } from "../../src/state/kv.js";

/**
 * The contract every {@link Kv} implementation keeps. Run against memory, the real Redis and
 * a real 3-node Redis Cluster (kv.memory.test.ts, kv.redis.integration.test.ts,
 * kv.cluster.integration.test.ts).
 */
export function kvContract(name: string, make: () => Promise<Kv>, cleanup: (kv: Kv) => Promise<void> = async () => {}): void {
  describe(`Kv contract: ${name}`, () => {
    let kv: Kv;
    beforeEach(async () => {
      kv = await make();
    });
    afterEach(async () => {
      await cleanup(kv);
      await kv.close();
    });

    it("pings", async () => {
      await expect(kv.ping()).resolves.toBeUndefined();
    });

    it("gets, sets and deletes strings", async () => {
      expect(await kv.get("a")).toBeNull();
      expect(await kv.set("a", "1")).toBe(true);
      expect(await kv.get("a")).toBe("1");
      expect(await kv.mget(["a", "b"])).toEqual(["1", null]);
      expect(await kv.del("a", "b")).toBe(1);
      expect(await kv.get("a")).toBeNull();
    });

    it("mget and del take keys in any hash slots, keeping the order", async () => {
      // 60 keys with 60 different hash tags: spread over every node of a cluster.
      const keys = Array.from({ length: 60 }, (_, i) => `spread:{k${i}}`);
      for (const [i, key] of keys.entries()) if (i % 3 !== 0) await kv.set(key, `v${i}`);
      expect(await kv.mget(keys)).toEqual(keys.map((_, i) => (i % 3 !== 0 ? `v${i}` : null)));
      expect(await kv.mget([keys[5]!, keys[5]!, "spread:none"])).toEqual(["v5", "v5", null]);
      expect(await kv.del(...keys)).toBe(40);
      expect(await kv.mget(keys)).toEqual(keys.map(() => null));
    });

    it("refuses a claim whose two keys are in different hash slots", async () => {
      await kv.set("slot:{x1}:hold", "h");
      await expect(kv.claimWithGuard("slot:{x1}:hold", "h", "slot:{x2}:booking", "b")).rejects.toThrow(/hash slot/);
      expect(await kv.get("slot:{x1}:hold")).toBe("h");
    });

    it("set with nx only writes a missing key", async () => {
      expect(await kv.set("n", "first", { nx: true })).toBe(true);
      expect(await kv.set("n", "second", { nx: true })).toBe(false);
      expect(await kv.get("n")).toBe("first");
    });

    it("expires keys after their ttl and reports pttl", async () => {
      await kv.set("t", "v", { ttlMs: 80 });
      const ttl = await kv.pttl("t");
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(80);
      await kv.set("forever", "v");
      expect(await kv.pttl("forever")).toBe(-1);
      expect(await kv.pttl("missing")).toBe(-2);
      await sleep(150);
      expect(await kv.get("t")).toBeNull();
    });

    it("expire sets and removes a time to live", async () => {
      await kv.set("e", "v");
      expect(await kv.expire("e", 60_000)).toBe(true);
      expect(await kv.pttl("e")).toBeGreaterThan(0);
      await kv.expire("e", null);
      expect(await kv.pttl("e")).toBe(-1);
      expect(await kv.expire("missing", 1000)).toBe(false);
    });

    it("incr counts atomically and sets the ttl only on creation", async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => kv.incr("c", { ttlMs: 60_000 })));
      expect(new Set(results).size).toBe(50);
      expect(Math.max(...results)).toBe(50);
      expect(await kv.incr("c", { by: 5 })).toBe(55);
      expect(await kv.pttl("c")).toBeGreaterThan(0);
    });

    it("countOnce counts each key once in one call, sets the ttl only on creation, and refuses keys of different slots", async () => {
      await kv.incr("{day}:b", { by: 4, ttlMs: 60_000 });
      const counters = (keys: string[]) => keys.map((key) => ({ key, ttlMs: 60_000 }));
      expect(await kv.countOnce({ counters: counters(["{day}:a", "{day}:b", "{day}:c"]) })).toBe(true);
      await kv.countOnce({ counters: counters(["{day}:a"]) });
      expect(await kv.mget(["{day}:a", "{day}:b", "{day}:c"])).toEqual(["2", "5", "1"]);
      expect(await kv.pttl("{day}:a")).toBeGreaterThan(0);
      expect(await kv.pttl("{day}:b")).toBeGreaterThan(0);
      expect(await kv.countOnce({ counters: [] })).toBe(true);
      await expect(kv.countOnce({ counters: counters(["{one}:x", "{two}:y"]) })).rejects.toThrow(/slot/i);
    });

    it("countOnce with a marker counts an event once, however often it is retried", async () => {
      const count = () =>
        kv.countOnce({ marker: { key: "{d2}:turn:m1", ttlMs: 30_000 }, counters: [{ key: "{d2}:turns", ttlMs: 60_000 }, { key: "{d2}:answered", ttlMs: 60_000 }] });
      expect(await count()).toBe(true);
      const retries = await Promise.all([count(), count(), count()]);
      expect(retries).toEqual([false, false, false]);
      expect(await kv.mget(["{d2}:turns", "{d2}:answered"])).toEqual(["1", "1"]);
      expect(await kv.get("{d2}:turn:m1")).toBe("1");
      expect(await kv.pttl("{d2}:turn:m1")).toBeGreaterThan(0);
      expect(await kv.pttl("{d2}:turns")).toBeGreaterThan(30_000);
      // A marker alone (nothing to count) still tells a first time from a repeat.
      expect(await kv.countOnce({ marker: { key: "{d2}:seen:x" }, counters: [] })).toBe(true);
      expect(await kv.countOnce({ marker: { key: "{d2}:seen:x" }, counters: [] })).toBe(false);
      expect(await kv.pttl("{d2}:seen:x")).toBe(-1);
      await expect(kv.countOnce({ marker: { key: "{other}:turn:m1" }, counters: [{ key: "{d2}:turns" }] })).rejects.toThrow(/slot/i);
    });

    it("countOnce counts a counter with its own marker once per marker, and appends the event to a capped list", async () => {
      const turn = (id: string, conv: string) =>
        kv.countOnce({
          marker: { key: `{d3}:turn:${id}`, ttlMs: 60_000 },
          counters: [
            { key: "{d3}:messages", ttlMs: 60_000 },
            { key: "{d3}:conversations", ttlMs: 60_000, onceKey: `{d3}:once:${conv}`, onceTtlMs: 50_000 },
          ],
          append: { key: "{d3}:events", value: `${id}/${conv}`, maxLength: 2, ttlMs: 40_000 },
        });
      expect(await turn("t1", "c1")).toBe(true);
      expect(await turn("t2", "c1")).toBe(true);
      expect(await turn("t2", "c1")).toBe(false);
      expect(await turn("t3", "c2")).toBe(true);
      expect(await kv.mget(["{d3}:messages", "{d3}:conversations"])).toEqual(["3", "2"]);
      expect(await kv.listRange("{d3}:events", 0, -1)).toEqual(["t2/c1", "t3/c2"]);
      const listTtl = await kv.pttl("{d3}:events");
      expect(listTtl).toBeGreaterThan(30_000);
      expect(listTtl).toBeLessThanOrEqual(40_000);
      const onceTtl = await kv.pttl("{d3}:once:c1");
      expect(onceTtl).toBeGreaterThan(40_000);
      expect(onceTtl).toBeLessThanOrEqual(50_000);
      await expect(kv.countOnce({ counters: [{ key: "{d3}:messages" }], append: { key: "{elsewhere}:events", value: "x" } })).rejects.toThrow(/slot/i);
    });

    it("compareAndDelete deletes only the expected value", async () => {
      await kv.set("lock", "token-1");
      expect(await kv.compareAndDelete("lock", "token-2")).toBe(false);
      expect(await kv.get("lock")).toBe("token-1");
      expect(await kv.compareAndDelete("lock", "token-1")).toBe(true);
      expect(await kv.get("lock")).toBeNull();
    });

    it("claimWithGuard turns a hold into a claim exactly once", async () => {
      await kv.set("slot:{s1}:hold", "h1", { ttlMs: 60_000 });
      expect(await kv.claimWithGuard("slot:{s1}:hold", "wrong", "slot:{s1}:booking", "b")).toBe("guardMismatch");
      expect(await kv.claimWithGuard("slot:{s1}:hold", "h1", "slot:{s1}:booking", "b1", { ttlMs: 60_000 })).toBe("claimed");
      expect(await kv.get("slot:{s1}:hold")).toBeNull();
      expect(await kv.get("slot:{s1}:booking")).toBe("b1");
      await kv.set("slot:{s1}:hold", "h2");
      expect(await kv.claimWithGuard("slot:{s1}:hold", "h2", "slot:{s1}:booking", "b2")).toBe("exists");
      expect(await kv.get("slot:{s1}:booking")).toBe("b1");
    });

    it("claimWithGuard gives one winner among concurrent claimants", async () => {
      await kv.set("slot:{s2}:hold", "h");
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => kv.claimWithGuard("slot:{s2}:hold", "h", "slot:{s2}:booking", `b${i}`)));
      expect(outcomes.filter((o) => o === "claimed")).toHaveLength(1);
    });

    it("pushes to lists, trims them and reads ranges", async () => {
      expect(await kv.listPush("l", ["a", "b", "c"])).toBe(3);
      expect(await kv.listPush("l", ["d"], { maxLength: 3 })).toBe(3);
      expect(await kv.listRange("l", 0, -1)).toEqual(["b", "c", "d"]);
      expect(await kv.listRange("l", -2, -1)).toEqual(["c", "d"]);
      expect(await kv.listRange("missing", 0, -1)).toEqual([]);
    });

    it("list ttl applies to the whole list", async () => {
      await kv.listPush("lt", ["a"], { ttlMs: 60_000 });
      expect(await kv.pttl("lt")).toBeGreaterThan(0);
    });

    it("keepPersistent leaves a list without ttl as it is, and sets the ttl otherwise", async () => {
      await kv.listPush("kept", ["a"]);
      await kv.listPush("kept", ["b"], { ttlMs: 60_000, keepPersistent: true });
      expect(await kv.pttl("kept")).toBe(-1);
      expect(await kv.listRange("kept", 0, -1)).toEqual(["a", "b"]);
      await kv.listPush("fresh", ["a"], { ttlMs: 60_000, keepPersistent: true });
      expect(await kv.pttl("fresh")).toBeGreaterThan(0);
    });

    it("keeps sorted sets ordered by score", async () => {
      await kv.zadd("z", 3, "c");
      await kv.zadd("z", 1, "a");
      await kv.zadd("z", 2, "b");
      await kv.zadd("z", 0.5, "c"); // update
      expect((await kv.zrangeByScore("z", 0, 10)).map((e) => e.member)).toEqual(["c", "a", "b"]);
      expect(await kv.zrangeByScore("z", 1, 2)).toEqual([
        { member: "a", score: 1 },
        { member: "b", score: 2 },
      ]);
      expect(await kv.zrangeByScore("z", 0, 10, { limit: 1 })).toEqual([{ member: "c", score: 0.5 }]);
      expect((await kv.zrevrange("z", 0, 1)).map((e) => e.member)).toEqual(["b", "a"]);
      expect(await kv.zscore("z", "a")).toBe(1);
      expect(await kv.zscore("z", "nope")).toBeNull();
      expect(await kv.zrem("z", "a", "nope")).toBe(1);
      expect((await kv.zrevrange("z", 0, -1)).map((e) => e.member)).toEqual(["b", "c"]);
    });

    it("stores hashes", async () => {
      await kv.hset("h", { a: "1", b: "2" });
      await kv.hset("h", { b: "3" });
      expect(await kv.hgetall("h")).toEqual({ a: "1", b: "3" });
      expect(await kv.hdel("h", "a")).toBe(1);
      expect(await kv.hgetall("h")).toEqual({ b: "3" });
      expect(await kv.hgetall("missing")).toEqual({});
    });

    it("publishes to subscribers until they unsubscribe", async () => {
      const got: string[] = [];
      const unsubscribe = await kv.subscribe("chan", (m) => got.push(m));
      await kv.publish("chan", "one");
      await waitFor(() => got.length === 1);
      await unsubscribe();
      await kv.publish("chan", "two");
      await sleep(50);
      expect(got).toEqual(["one"]);
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}
