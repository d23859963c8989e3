import { resolve } from "node:path";
import { describe } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { keys } from "../../src/state/keys.js";
import { BuiltinScheduler } from "../../src/scheduling/builtin/builtin-scheduler.js";
import { connectTestClusterKv, deleteClusterPrefix, redisClusterAvailable, testPrefix } from "../helpers/redis.js";
import { CONTRACT_NOW, schedulingContract } from "./scheduling.contract.js";
import { TestClock } from "./clock.js";

const clinic = loadClinicProfile(resolve("clinic/clinic.yaml"));
const available = await redisClusterAvailable();

// Availability reads every hold and booking key of two weeks of slots (hundreds of hash tags,
// spread over the three masters); booking runs the hold-to-booking script on one slot's keys.
describe.skipIf(!available)("redis cluster", () => {
  schedulingContract("builtin on Redis Cluster", async () => {
    const clock = new TestClock(CONTRACT_NOW);
    const prefix = testPrefix();
    const kv = await connectTestClusterKv(prefix);
    return {
      scheduler: new BuiltinScheduler(kv, clinic, clock.now),
      advance: (ms) => clock.advance(ms),
      expireHold: async (hold) => {
        await kv.del(keys.slotHold(hold.start, Number(hold.id.split(".")[0])));
        clock.advance(clinic.consult.holdMinutes * 60_000 + 1);
      },
      close: async () => {
        await deleteClusterPrefix(prefix);
        await kv.close();
      },
    };
  });
});
