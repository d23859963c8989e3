import { describe, expect, it } from "vitest";
import { isolatedClusterKvs, redisClusterAvailable, TEST_REDIS_CLUSTER_URLS, testPrefix } from "../helpers/redis.js";
import { RedisKv, RedisClusterNodeError } from "../../src/state/redis/redis-kv.js";
import { kvContract } from "./kv.contract.js";
import { storeContract } from "./store.contract.js";

const available = await redisClusterAvailable();
const { make, cleanup } = isolatedClusterKvs();

describe.skipIf(!available)("Redis Cluster (3 masters on 127.0.0.1)", () => {
  kvContract("redis cluster", make, cleanup);
  storeContract("redis cluster", make, cleanup);

  it("finds the whole cluster from one seed node when told it is a cluster", async () => {
    const kv = await RedisKv.connect({ url: TEST_REDIS_CLUSTER_URLS[0]!, cluster: true, prefix: testPrefix(), commandTimeoutMs: 2000 });
    try {
      expect(kv.topology).toBe("cluster");
      await kv.ping();
      await kv.set("seed:{a}", "1");
      await kv.set("seed:{b}", "2");
      expect(await kv.mget(["seed:{a}", "seed:{b}"])).toEqual(["1", "2"]);
      await kv.del("seed:{a}", "seed:{b}");
    } finally {
      await kv.close();
    }
  });

  it("refuses to use a cluster node as a single server (every command would answer MOVED)", async () => {
    await expect(RedisKv.connect({ url: TEST_REDIS_CLUSTER_URLS[0]!, prefix: testPrefix(), commandTimeoutMs: 2000 })).rejects.toThrow(RedisClusterNodeError);
    await expect(RedisKv.connect({ url: TEST_REDIS_CLUSTER_URLS[0]!, prefix: testPrefix(), commandTimeoutMs: 2000 })).rejects.toThrow(/REDIS_CLUSTER=true/);
  });
});
