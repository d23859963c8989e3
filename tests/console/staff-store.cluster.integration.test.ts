import { describe } from "vitest";
import { isolatedClusterKvs, redisClusterAvailable } from "../helpers/redis.js";
import { staffStoreContract } from "./staff-store.contract.js";

const available = await redisClusterAvailable();
const { make, cleanup } = isolatedClusterKvs();

describe.skipIf(!available)("redis cluster", () => {
  staffStoreContract("redis cluster", make, cleanup);
});
