import { describe } from "vitest";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import type { Kv } from "../../src/state/kv.js";
import { kvContract } from "./kv.contract.js";
import { storeContract } from "./store.contract.js";

const available = await redisAvailable();
const prefixes = new WeakMap<Kv, string>();

async function make(): Promise<Kv> {
  const prefix = testPrefix();
  const kv = await connectTestKv(prefix);
  prefixes.set(kv, prefix);
  return kv;
}

async function cleanup(kv: Kv): Promise<void> {
  const prefix = prefixes.get(kv);
  if (prefix) await deletePrefix(prefix);
}

describe.skipIf(!available)("redis", () => {
  kvContract("redis", make, cleanup);
  storeContract("redis", make, cleanup);
});
