import { describe } from "vitest";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { rateLimitContract } from "./rate-limit.contract.js";

const available = await redisAvailable();

describe.skipIf(!available)("redis", () => {
  rateLimitContract("redis", async () => {
    const prefix = testPrefix();
    const kv = await connectTestKv(prefix);
    return {
      kv,
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      cleanup: async () => {
        await deletePrefix(prefix);
        await kv.close();
      },
    };
  });
});
