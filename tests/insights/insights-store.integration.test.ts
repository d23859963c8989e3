import { afterAll, describe, expect, it } from "vitest";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import type { Kv } from "../../src/state/kv.js";
import { InsightsStore } from "../../src/insights/insights-store.js";
import { allCounterNames } from "../../src/insights/metrics.js";
import type { TurnEvent } from "../../src/insights/turn-event.js";
import { connectTestClusterKv, connectTestKv, deleteClusterPrefix, deletePrefix, redisAvailable, redisClusterAvailable, testPrefix } from "../helpers/redis.js";

const DAY = "2026-11-30";
const event = (over: Partial<TurnEvent> = {}): TurnEvent => ({ v: 1, at: `${DAY}T18:00:00.000Z`, day: DAY, hour: 10, channel: "web", conv: "AAAAAAAAAAAAAAAAAAAAAA", first: false, outcome: "answered", faqIds: ["side-effects"], ...over });

/** The same checks on memory, one Redis and a Redis Cluster (the day's keys share a hash tag). */
function contract(name: string, make: () => Promise<{ kv: Kv; cleanup: () => Promise<void> }>, skip = false) {
  describe.skipIf(skip)(`insights store on ${name}`, () => {
    const opened: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of opened) await c();
    });
    const open = async () => {
      const { kv, cleanup } = await make();
      opened.push(cleanup);
      return new InsightsStore(kv, 86_400_000);
    };

    it("counts a turn once even when two processes record it, and a conversation once a day", async () => {
      const a = await open();
      const names = allCounterNames(["side-effects"]);
      const results = await Promise.all([a.record(event(), "msg-1"), a.record(event(), "msg-1")]);
      expect(results.filter(Boolean)).toHaveLength(1);
      await a.record(event({ outcome: "fallback", faqIds: [] }), "msg-2", { text: "masked ***", closest: [{ id: "side-effects", score: 0.2 }] });
      await a.record(event({ conv: "BBBBBBBBBBBBBBBBBBBBBB", channel: "sms" }), "msg-3");
      const all = await a.counters([DAY], ["web", "sms", "cli"], names);
      expect(all.get("messages")).toBe(3);
      expect(all.get("conv:conversation")).toBe(2);
      expect(all.get("faq:side-effects")).toBe(2);
      expect(all.get("outcome:fallback")).toBe(1);
      expect(all.get("hour:10")).toBe(3);
      const web = await a.counters([DAY], ["web"], names);
      expect(web.get("messages")).toBe(2);
      expect(web.get("conv:conversation")).toBe(1);
      expect(await a.events(DAY)).toHaveLength(3);
      expect((await a.unanswered()).map((u) => u.text)).toEqual(["masked ***"]);
    });

    it("gives every key a time to live (INSIGHTS_RETENTION_DAYS)", async () => {
      const { kv, cleanup } = await make();
      opened.push(cleanup);
      const store = new InsightsStore(kv, 3_600_000);
      await store.record(event(), "msg-ttl");
      const ttl = await kv.pttl(`insights:{${DAY}}:web:messages`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
      expect(await kv.pttl(`insights:{${DAY}}:events`)).toBeGreaterThan(0);
    });
  });
}

contract("memory", async () => ({ kv: new MemoryKv(), cleanup: async () => undefined }));
const redis = await redisAvailable();
contract(
  "Redis",
  async () => {
    const prefix = testPrefix();
    const kv = await connectTestKv(prefix);
    return { kv, cleanup: async () => (await kv.close(), await deletePrefix(prefix)) };
  },
  !redis,
);
const cluster = await redisClusterAvailable().catch(() => false);
contract(
  "Redis Cluster",
  async () => {
    const prefix = testPrefix();
    const kv = await connectTestClusterKv(prefix);
    return { kv, cleanup: async () => (await kv.close(), await deleteClusterPrefix(prefix)) };
  },
  !cluster,
);
