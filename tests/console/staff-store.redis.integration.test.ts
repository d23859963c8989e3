import { describe } from "vitest";
import { isolatedRedisKvs, redisAvailable } from "../helpers/redis.js";
import { staffStoreContract } from "./staff-store.contract.js";

const available = await redisAvailable();
const { make, cleanup } = isolatedRedisKvs();

describe.skipIf(!available)("redis", () => {
  staffStoreContract("redis", make, cleanup);
});
