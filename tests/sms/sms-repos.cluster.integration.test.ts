import { describe } from "vitest";
import { isolatedClusterKvs, redisClusterAvailable } from "../helpers/redis.js";
import { smsReposContract } from "./sms-repos.contract.js";

const available = await redisClusterAvailable();
const { make, cleanup } = isolatedClusterKvs();

describe.skipIf(!available)("redis cluster", () => {
  smsReposContract("redis cluster", make, cleanup);
});
