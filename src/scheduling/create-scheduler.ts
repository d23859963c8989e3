import type { Config } from "../config.js";
import type { ClinicProfile } from "../clinic/profile.js";
import type { Kv } from "../state/kv.js";
import type { Logger } from "../logging/logger.js";
import type { SchedulingAdapter } from "./scheduling-adapter.js";
import { BuiltinScheduler } from "./builtin/builtin-scheduler.js";
import { CalcomClient } from "./calcom/calcom-client.js";
import { CalcomScheduler } from "./calcom/calcom-scheduler.js";

/** The scheduler SCHEDULER names: the built-in calendar (default) or Cal.com. */
export function createScheduler(
  config: Pick<Config, "SCHEDULER" | "CALCOM_API_KEY" | "CALCOM_EVENT_TYPE_ID" | "CALCOM_BASE_URL" | "TRANSCRIPT_RETENTION_DAYS">,
  clinic: ClinicProfile,
  kv: Kv,
  logger: Logger,
  now: () => Date,
): SchedulingAdapter {
  const retentionMs = config.TRANSCRIPT_RETENTION_DAYS * 86_400_000;
  if (config.SCHEDULER === "calcom" && config.CALCOM_API_KEY && config.CALCOM_EVENT_TYPE_ID) {
    const client = new CalcomClient({ baseUrl: config.CALCOM_BASE_URL, apiKey: config.CALCOM_API_KEY, logger });
    return new CalcomScheduler(
      client,
      kv,
      { eventTypeId: config.CALCOM_EVENT_TYPE_ID, slotMinutes: clinic.consult.slotMinutes, holdMinutes: clinic.consult.holdMinutes, retentionMs, logger },
      now,
    );
  }
  return new BuiltinScheduler(kv, clinic, now, { retentionMs, logger });
}
