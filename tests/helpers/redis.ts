import { randomUUID } from "node:crypto";
import { createClient, createCluster } from "redis";
import { RedisKv } from "../../src/state/redis/redis-kv.js";

/** The Redis the integration tests use: REDIS_URL, or the local one. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Whether Redis answers. With REQUIRE_REDIS=1 (CI) a missing Redis is an error rather
 * than a reason to skip, so Redis tests can never silently not run.
 */
export async function redisAvailable(): Promise<boolean> {
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    await client.close();
    return true;
  } catch (err) {
    if (process.env.REQUIRE_REDIS === "1") throw new Error(`REQUIRE_REDIS=1 but Redis at ${TEST_REDIS_URL} is unreachable: ${(err as Error).message}`);
    return false;
  }
}

/** A key prefix no other test shares, so tests can run in parallel on one Redis. */
export function testPrefix(): string {
  return `test:${randomUUID().slice(0, 8)}:`;
}

export async function connectTestKv(prefix = testPrefix(), commandTimeoutMs = 2000): Promise<RedisKv> {
  return RedisKv.connect({ url: TEST_REDIS_URL, prefix, commandTimeoutMs });
}

/** Deletes every key under a prefix (test clean-up). */
export async function deletePrefix(prefix: string): Promise<void> {
  const client = createClient({ url: TEST_REDIS_URL });
  client.on("error", () => undefined);
  await client.connect();
  const doomed: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) doomed.push(...batch);
  if (doomed.length > 0) await client.del(doomed);
  await client.close();
}

/**
 * The `make` and `cleanup` pair a contract suite takes: each test gets a Kv on the real
 * Redis under a prefix of its own, and its keys are deleted afterwards.
 */
export function isolatedRedisKvs(): { make: () => Promise<RedisKv>; cleanup: (kv: { close(): Promise<void> }) => Promise<void> } {
  const prefixes = new WeakMap<object, string>();
  return {
    make: async () => {
      const prefix = testPrefix();
      const kv = await connectTestKv(prefix);
      prefixes.set(kv, prefix);
      return kv;
    },
    cleanup: async (kv) => {
      const prefix = prefixes.get(kv);
      if (prefix) await deletePrefix(prefix);
    },
  };
}

/**
 * The Redis Cluster the cluster tests use: TEST_REDIS_CLUSTER_URL (comma-separated nodes), or
 * the local 3-master cluster `bash .ci/redis-cluster` starts on 127.0.0.1:7101-7103.
 */
export const TEST_REDIS_CLUSTER_URLS = (process.env.TEST_REDIS_CLUSTER_URL ?? "redis://127.0.0.1:7101,redis://127.0.0.1:7102,redis://127.0.0.1:7103")
  .split(",")
  .map((u) => u.trim())
  .filter(Boolean);

/** Whether the test cluster answers with every slot served; with REQUIRE_REDIS=1 its absence is an error. */
export async function redisClusterAvailable(): Promise<boolean> {
  const client = createClient({ url: TEST_REDIS_CLUSTER_URLS[0], socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const info = await client.sendCommand<string>(["CLUSTER", "INFO"]);
    await client.close();
    if (!/cluster_state:ok/.test(String(info))) throw new Error("cluster_state is not ok");
    return true;
  } catch (err) {
    // A client whose connect failed is already closed, and destroying it again throws.
    if (client.isOpen) client.destroy();
    if (process.env.REQUIRE_REDIS === "1") {
      throw new Error(`REQUIRE_REDIS=1 but the Redis Cluster at ${TEST_REDIS_CLUSTER_URLS.join(",")} is not usable (start it with: bash .ci/redis-cluster): ${(err as Error).message}`);
    }
    return false;
  }
}

export async function connectTestClusterKv(prefix = testPrefix(), commandTimeoutMs = 2000): Promise<RedisKv> {
  return RedisKv.connect({ url: TEST_REDIS_CLUSTER_URLS, cluster: true, prefix, commandTimeoutMs });
}

/** Deletes every key under a prefix on every master of the test cluster. */
export async function deleteClusterPrefix(prefix: string): Promise<void> {
  const cluster = createCluster({ rootNodes: TEST_REDIS_CLUSTER_URLS.map((url) => ({ url })) });
  cluster.on("error", () => undefined);
  await cluster.connect();
  try {
    for (const master of cluster.masters) {
      const node = await cluster.nodeClient(master);
      for await (const batch of node.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
        // One DEL per key: the keys of one batch live in many slots.
        await Promise.all(batch.map((key) => cluster.del(key)));
      }
    }
  } finally {
    await cluster.close();
  }
}

/** {@link isolatedRedisKvs} on the test cluster. */
export function isolatedClusterKvs(): { make: () => Promise<RedisKv>; cleanup: (kv: { close(): Promise<void> }) => Promise<void> } {
  const prefixes = new WeakMap<object, string>();
  return {
    make: async () => {
      const prefix = testPrefix();
      const kv = await connectTestClusterKv(prefix);
      prefixes.set(kv, prefix);
      return kv;
    },
    cleanup: async (kv) => {
      const prefix = prefixes.get(kv);
      if (prefix) await deleteClusterPrefix(prefix);
    },
  };
}
