import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deletePrefix, redisAvailable, testPrefix, TEST_REDIS_URL } from "../helpers/redis.js";
import { spawnBot, type BotProcess } from "../helpers/spawn-bot.js";
import { say } from "../helpers/test-app.js";

const available = await redisAvailable();

describe.skipIf(!available)("two server processes on one Redis", () => {
  const prefix = testPrefix();
  let a: BotProcess;
  let b: BotProcess;
  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    // One after the other: they share two cores with the rest of the suite.
    a = await spawnBot(env);
    b = await spawnBot(env);
  }, 150_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await deletePrefix(prefix);
  });

  it("continues a conversation started on one process on the other", async () => {
    const user = randomUUID();
    const first = await say(a.url, user, "what are the side effects?");
    expect(first[0]?.intent).toBe("disclosure");
    expect(first.some((r) => r.faq === "side-effects")).toBe(true);

    // The second process knows the disclosure was sent and what was answered last.
    const second = await say(b.url, user, "how long do they last?");
    expect(second.some((r) => r.intent === "disclosure")).toBe(false);
    // "they" is the side effects just answered: the bot knows it said that already and says so.
    expect(second.some((r) => r.intent === "repeat" && /side effects/.test(r.text))).toBe(true);

    const health = await fetch(`${b.url}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ store: { kind: "redis", reachable: true } });
  });

  it("exits cleanly on SIGTERM", async () => {
    const code = await b.stop("SIGTERM");
    expect(code).toBe(0);
  });
});
