import { resolve } from "node:path";
import { describe } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { keys } from "../../src/state/keys.js";
import { BuiltinScheduler } from "../../src/scheduling/builtin/builtin-scheduler.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { CONTRACT_NOW, schedulingContract } from "./scheduling.contract.js";
import { TestClock } from "./clock.js";

const clinic = loadClinicProfile(resolve("clinic/clinic.yaml"));
const available = await redisAvailable();

describe.skipIf(!available)("redis", () => {
  schedulingContract("builtin on Redis", async () => {
    const clock = new TestClock(CONTRACT_NOW);
    const prefix = testPrefix();
    const kv = await connectTestKv(prefix);
    return {
      scheduler: new BuiltinScheduler(kv, clinic, clock.now),
      advance: (ms) => clock.advance(ms),
      // Redis expires keys by its own clock; deleting the hold key is what its expiry does.
      expireHold: async (hold) => {
        await kv.del(keys.slotHold(hold.start, Number(hold.id.split(".")[0])));
        clock.advance(clinic.consult.holdMinutes * 60_000 + 1);
      },
      close: async () => {
        await deletePrefix(prefix);
        await kv.close();
      },
    };
  });
});
