import { describe } from "vitest";
import { isolatedRedisKvs, redisAvailable } from "../helpers/redis.js";
import { llmStoreContract } from "./llm-store.contract.js";

const available = await redisAvailable();
const { make, cleanup } = isolatedRedisKvs();

describe.skipIf(!available)("redis", () => {
  llmStoreContract("redis", make, cleanup);
});
