import { describe } from "vitest";
import type { Kv } from "../../src/state/kv.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { llmStoreContract } from "./llm-store.contract.js";

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
  llmStoreContract("redis", make, cleanup);
});
