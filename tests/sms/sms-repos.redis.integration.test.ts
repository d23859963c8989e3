import { describe } from "vitest";
import type { Kv } from "../../src/state/kv.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { smsReposContract } from "./sms-repos.contract.js";

const available = await redisAvailable();
const prefixes = new WeakMap<Kv, string>();

describe.skipIf(!available)("redis", () => {
  smsReposContract(
    "redis",
    async () => {
      const prefix = testPrefix();
      const kv = await connectTestKv(prefix);
      prefixes.set(kv, prefix);
      return kv;
    },
    async (kv) => {
      const prefix = prefixes.get(kv);
      if (prefix) await deletePrefix(prefix);
    },
  );
});
