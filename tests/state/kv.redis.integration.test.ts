import { describe } from "vitest";
import { isolatedRedisKvs, redisAvailable } from "../helpers/redis.js";
import { kvContract } from "./kv.contract.js";
import { storeContract } from "./store.contract.js";

const available = await redisAvailable();
const { make, cleanup } = isolatedRedisKvs();

describe.skipIf(!available)("redis", () => {
  kvContract("redis", make, cleanup);
  storeContract("redis", make, cleanup);
});
