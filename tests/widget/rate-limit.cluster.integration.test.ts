import { describe } from "vitest";
import { connectTestClusterKv, deleteClusterPrefix, redisClusterAvailable, testPrefix } from "../helpers/redis.js";
import { rateLimitContract } from "./rate-limit.contract.js";

const available = await redisClusterAvailable();

describe.skipIf(!available)("redis cluster", () => {
  rateLimitContract("redis cluster", async () => {
    const prefix = testPrefix();
    const kv = await connectTestClusterKv(prefix);
    return {
      kv,
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      cleanup: async () => {
        await deleteClusterPrefix(prefix);
        await kv.close();
      },
    };
  });
});
