import { describe } from "vitest";
import { isolatedClusterKvs, redisClusterAvailable } from "../helpers/redis.js";
import { llmStoreContract } from "./llm-store.contract.js";

const available = await redisClusterAvailable();
const { make, cleanup } = isolatedClusterKvs();

describe.skipIf(!available)("redis cluster", () => {
  llmStoreContract("redis cluster", make, cleanup);
});
