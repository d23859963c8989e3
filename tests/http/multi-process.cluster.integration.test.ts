import { randomUUID } from "node:crypto";
import { createCluster } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestClusterKv, deleteClusterPrefix, redisClusterAvailable, testPrefix, TEST_REDIS_CLUSTER_URLS } from "../helpers/redis.js";
import { spawnBot, type BotProcess } from "../helpers/spawn-bot.js";
import { say } from "../helpers/test-app.js";
import { createStore } from "../../src/state/store.js";

const available = await redisClusterAvailable();

/** Every key under `pattern` on every master of the test cluster. */
async function clusterKeys(pattern: string): Promise<string[]> {
  const cluster = createCluster({ rootNodes: TEST_REDIS_CLUSTER_URLS.map((url) => ({ url })) });
  cluster.on("error", () => undefined);
  await cluster.connect();
  const found: string[] = [];
  try {
    for (const master of cluster.masters) {
      const node = await cluster.nodeClient(master);
      for await (const batch of node.scanIterator({ MATCH: pattern, COUNT: 500 })) found.push(...batch);
    }
  } finally {
    await cluster.close();
  }
  return found;
}

describe.skipIf(!available)("two server processes on a 3-node Redis Cluster", () => {
  const prefix = testPrefix();
  let a: BotProcess;
  let b: BotProcess;
  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_CLUSTER_URLS.join(","), REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: "100000", SCHEDULER: "builtin" };
    // One after the other: they share two cores with the rest of the suite.
    a = await spawnBot(env, 90_000);
    b = await spawnBot(env, 90_000);
  }, 200_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await deleteClusterPrefix(prefix);
  });

  it("continues a conversation started on one process on the other, and reports the cluster in /healthz", async () => {
    const user = randomUUID();
    const first = await say(a.url, user, "what are the side effects?");
    expect(first[0]?.intent).toBe("disclosure");
    expect(first.some((r) => r.faq === "side-effects")).toBe(true);

    const second = await say(b.url, user, "how long do they last?");
    expect(second.some((r) => r.intent === "disclosure")).toBe(false);
    // "they" is the side effects just answered: the bot knows it said that already and says so.
    expect(second.some((r) => r.intent === "repeat" && /side effects/.test(r.text))).toBe(true);

    const health = await fetch(`${b.url}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: "ok", store: { kind: "redis", topology: "cluster", reachable: true } });
  });

  it("books across the two processes, and gives one contested slot to one person", async () => {
    // The same slot picked by 20 visitors at once, half on each process: one hold.
    const visitors = Array.from({ length: 20 }, (_, i) => ({ user: randomUUID(), server: i % 2 === 0 ? a : b, phone: `+1212555${String(2000 + i)}` }));
    const offers = await Promise.all(visitors.map((v) => say(v.server.url, v.user, "book a consult, ET")));
    const target = offers[0]!.flatMap((r) => r.quick_replies ?? [])[0]!;
    expect(target.payload).toMatch(/^slot:/);
    const picks = await Promise.all(visitors.map((v) => say(v.server.url, v.user, target.payload)));
    const holders = visitors.filter((_, i) => picks[i]!.some((r) => r.text.includes("is yours for the next")));
    expect(holders).toHaveLength(1);

    // The holder goes on on the other process: contact, then confirmation.
    const holder = holders[0]!;
    const other = holder.server === a ? b : a;
    await say(other.url, holder.user, `Pat Doe, ${holder.phone}`);
    const done = await say(holder.server.url, holder.user, "Book it, no texts");
    expect(done.some((r) => r.text.startsWith("You're booked"))).toBe(true);

    expect(await clusterKeys(`${prefix}sched:slot:*:booking`)).toHaveLength(1);
    expect(await clusterKeys(`${prefix}sched:booking:*`)).toHaveLength(1);

    // The staff ledger (an index plus one summary key per booking, in other slots) reads back.
    const kv = await connectTestClusterKv(prefix);
    try {
      const entries = await kv.zrangeByScore("sched:ledger", 0, Number.POSITIVE_INFINITY);
      expect(entries).toHaveLength(1);
      expect(await kv.mget(entries.map((e) => `sched:ledger:{${e.member}}`))).toEqual([expect.stringContaining('"status":"booked"')]);
    } finally {
      await kv.close();
    }
  }, 120_000);

  it("saves the urgent handoff of a crisis and shows it at the top of the staff queue", async () => {
    const user = randomUUID();
    await say(a.url, randomUUID(), "can i talk to a person");
    const crisis = await say(b.url, user, "i have pills saved up and i'm ending it tonight");
    expect(crisis[0]?.kind).toBe("crisis");
    const kv = await connectTestClusterKv(prefix);
    try {
      const queue = await createStore(kv, { retentionDays: 30 }).handoffs.queue();
      expect(queue[0]).toMatchObject({ conversationId: `web:${user}`, urgency: "urgent", reason: "crisis" });
    } finally {
      await kv.close();
    }
  }, 60_000);

  it("exits cleanly on SIGTERM", async () => {
    expect(await b.stop("SIGTERM")).toBe(0);
  });
});
