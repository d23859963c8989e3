import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisClusterAvailable } from "../helpers/redis.js";
import { OwnRedisCluster } from "../helpers/redis-cluster-server.js";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";

// The shared test cluster being there means redis-server and redis-cli can build one; this test builds its own.
const available = await redisClusterAvailable();

interface Health {
  status: string;
  store: { kind: string; topology?: string; reachable: boolean; error?: string };
}

describe.skipIf(!available)("/healthz and /readyz on a Redis Cluster", () => {
  let cluster: OwnRedisCluster;
  let t: TestApp;
  beforeAll(async () => {
    cluster = await OwnRedisCluster.start();
    t = await startTestApp({ REDIS_URL: cluster.url, REDIS_COMMAND_TIMEOUT_MS: "500" });
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await cluster?.stop();
  });

  // Readiness names the failing node and answers 503; liveness stays 200 (crisis replies need no store).
  const health = async (): Promise<{ status: number; body: Health }> => {
    const res = await fetch(`${t.url}/readyz`);
    return { status: res.status, body: (await res.json()) as Health };
  };

  it("reports a healthy cluster, answers turns, and names the node that fails", async () => {
    expect(await health()).toMatchObject({ status: 200, body: { status: "ready", store: { kind: "redis", topology: "cluster", reachable: true } } });
    expect((await say(t.url, randomUUID(), "what are the side effects")).some((r) => r.faq === "side-effects")).toBe(true);

    const down = cluster.ports[1]!;
    await cluster.stopNode(down);
    await waitFor(async () => (await health()).status === 503, 15_000);
    const failing = await health();
    expect(failing.body).toMatchObject({ status: "unavailable", store: { topology: "cluster", reachable: false } });
    expect(failing.body.store.error).toContain(`127.0.0.1:${down}`);
    const live = await fetch(`${t.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: "degraded", store: { reachable: false } });

    // The node comes back with its slots (its saved cluster configuration): healthy again, no restart of the bot.
    await cluster.startNode(down);
    await waitFor(async () => (await health()).status === 200, 20_000);
    // Turns heal too (the client reconnects to the node by itself).
    await waitFor(async () => (await say(t.url, randomUUID(), "how many treatments would i need")).some((r) => r.faq === "number-of-treatments"), 10_000);
  }, 60_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
