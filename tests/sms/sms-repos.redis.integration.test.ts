import { describe } from "vitest";
import { isolatedRedisKvs, redisAvailable } from "../helpers/redis.js";
import { smsReposContract } from "./sms-repos.contract.js";

const available = await redisAvailable();
const { make, cleanup } = isolatedRedisKvs();

describe.skipIf(!available)("redis", () => {
  smsReposContract("redis", make, cleanup);
});
