import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_REDIS_URL, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { spawnBot, type BotProcess } from "../helpers/spawn-bot.js";

const available = await redisAvailable();
const ATTEMPTS = 200;

async function say(url: string, user: string, text: string): Promise<{ text: string; quick_replies?: { title: string; payload: string }[] }[]> {
  const res = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text, user }) });
  if (res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
  return (await res.json()) as { text: string }[];
}

describe.skipIf(!available)("one slot, 200 simultaneous attempts, two server processes on one Redis", () => {
  const prefix = testPrefix();
  let servers: BotProcess[] = [];

  beforeAll(async () => {
    const env = { PORT: "0", HOST: "127.0.0.1", REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: "info", NODE_ENV: "test", RATE_LIMIT_PER_MINUTE: "100000", SCHEDULER: "builtin", BOOKING_HOLDS_PER_HOUR: "1000" };
    // Start-up is about 8 s per process (tsx); more while other test files run beside this one.
    const started = await Promise.allSettled([spawnBot(env, 90_000), spawnBot(env, 90_000)]);
    servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop("SIGTERM")));
    await deletePrefix(prefix);
  });

  it("gives exactly one booking", async () => {
    const visitors = Array.from({ length: ATTEMPTS }, (_, i) => ({ user: randomUUID(), server: servers[i % 2]!, phone: `+1212555${String(1000 + i)}` }));
    // Everyone asks for times first, so all are waiting on the same offer. A turn that runs out of
    // its time budget on a loaded machine answers "please try again": that visitor asks again.
    const slotOf = (replies: Awaited<ReturnType<typeof say>>) => replies.flatMap((r) => r.quick_replies ?? []).find((q) => q.payload.startsWith("slot:"));
    const offers = await Promise.all(visitors.map((v) => say(v.server.url, v.user, "book a consult, ET")));
    for (const [i, v] of visitors.entries()) {
      for (let tries = 0; !slotOf(offers[i]!) && tries < 5; tries++) offers[i] = await say(v.server.url, v.user, "book a consult, ET");
    }
    const target = slotOf(offers[0]!)!;
    expect(target.payload).toMatch(/^slot:/);
    expect(offers.every((o) => slotOf(o)?.payload === target.payload)).toBe(true);

    // All 200 pick that slot at once, half on each process; one whose turn ran out of time picks again.
    const retried = (text: string) => /try again/i.test(text);
    const picks = await Promise.all(visitors.map((v) => say(v.server.url, v.user, target.payload)));
    for (const [i, v] of visitors.entries()) {
      for (let tries = 0; picks[i]!.some((r) => retried(r.text)) && tries < 5; tries++) picks[i] = await say(v.server.url, v.user, target.payload);
    }
    const holders = visitors.filter((_, i) => picks[i]!.some((r) => r.text.includes("is yours for the next")));
    const refused = picks.filter((p) => p.some((r) => r.text.startsWith("Sorry, that time was just taken")));
    const other = picks.filter((p) => !p.some((r) => r.text.startsWith("Sorry, that time was just taken") || r.text.includes("is yours for the next")));
    if (other.length) console.log("unexpected answers:", JSON.stringify([...new Set(other.map((p) => p.map((r) => r.text).join(" | ")))].slice(0, 5)));
    expect(holders).toHaveLength(1);
    expect(refused).toHaveLength(ATTEMPTS - 1);

    // Everyone who can goes on to book; the ones refused try to pick the same time again.
    const finals = await Promise.all(
      visitors.map(async (v) => {
        if (holders.includes(v)) {
          await say(v.server.url, v.user, `Pat Doe, ${v.phone}`);
          return say(v.server.url, v.user, "Book it, no texts");
        }
        return say(v.server.url, v.user, target.payload);
      }),
    );
    const booked = finals.filter((f) => f.some((r) => r.text.startsWith("You're booked")));
    expect(booked).toHaveLength(1);

    const redis = createClient({ url: TEST_REDIS_URL });
    await redis.connect();
    const bookingKeys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${prefix}sched:slot:*:booking`, COUNT: 500 })) bookingKeys.push(...batch);
    const records: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${prefix}sched:booking:*`, COUNT: 500 })) records.push(...batch);
    await redis.close();
    expect(bookingKeys).toHaveLength(1);
    expect(records).toHaveLength(1);
    console.log(`concurrency: ${ATTEMPTS} attempts on ${target.title} across 2 processes -> ${holders.length} hold, ${booked.length} booking, ${bookingKeys.length} booking key in Redis`);
  }, 120_000);
});
