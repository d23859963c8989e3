import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisAvailable } from "../helpers/redis.js";
import { OwnRedis } from "../helpers/redis-server.js";
import { postMessage, say, startTestApp, type TestApp } from "../helpers/test-app.js";
import { newPhone, smsEnv, text } from "../sms/helpers/twilio-webhook.js";

// The shared Redis being there means redis-server is installed; this test runs its own.
const available = await redisAvailable();

describe.skipIf(!available)("Redis stopped, restarted and slow", () => {
  let redis: OwnRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await startTestApp({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: "300", ...smsEnv() });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it("keeps serving while Redis is down and heals when it is back, without a restart", async () => {
    const user = randomUUID();
    const phone = newPhone();
    expect((await say(t.url, user, "what are the side effects")).some((r) => r.faq === "side-effects")).toBe(true);

    await redis.stop();

    // Web: a clear "please try again" (no wall-clock budget here: the slow-Redis test below shows nobody waits).
    const down = await say(t.url, user, "how long do they last?");
    expect(down[0]?.text).toMatch(/try again/i);

    // SMS: a short apology with the clinic number.
    const sms = await text(t.url, phone, "how long does it last");
    expect(sms.join(" ")).toMatch(/sorry/i);
    expect(sms.join(" ")).toContain(t.app.services.clinic.phone);

    // Crisis replies still go out on both channels.
    const crisis = await say(t.url, randomUUID(), "i have pills saved up and i'm ending it tonight");
    expect(crisis[0]?.kind).toBe("crisis");
    expect(crisis[0]?.text).toMatch(/988/);
    expect((await text(t.url, newPhone(), "i want to die")).join(" ")).toMatch(/988/);

    // Liveness stays 200 (this process still answers, crisis replies included); readiness says the store is gone.
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "degraded", store: { reachable: false } });
    expect((await fetch(`${t.url}/readyz`)).status).toBe(503);

    await redis.startServer();
    await waitFor(async () => (await fetch(`${t.url}/readyz`)).status === 200, 10_000);
    const back = await say(t.url, randomUUID(), "how many treatments would i need");
    expect(back.some((r) => r.faq === "number-of-treatments")).toBe(true);
  }, 30_000);

  it("answers within its budgets while Redis is slow, without piling up", async () => {
    await redis.sleep(2500);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => postMessage(t.url, { type: "message", text: "is it safe", user: randomUUID() })),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    // Each command gives up after 300 ms: had a turn waited for the 2.5 s stall to end, it would
    // have answered the question; every one says "try again" instead. (The time itself is the bench's.)
    for (const reply of replies) expect((reply.json as { text: string }[])[0]?.text).toMatch(/try again/i);
    await new Promise((r) => setTimeout(r, 2600));
    const after = await say(t.url, randomUUID(), "is it safe");
    expect(after.some((r) => r.intent === "faq")).toBe(true);
  }, 30_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}
