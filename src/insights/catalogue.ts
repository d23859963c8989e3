import type { HandoffReason } from "../domain/handoff.js";

/** Every handoff reason, for counters and the page (kept in step with src/domain/handoff.ts by the type). */
export const HANDOFF_REASONS = [
  "crisis",
  "possible-risk",
  "asked-for-person",
  "not-understood",
  "booking-problem",
  "medical-question",
  "cost-insurance",
] as const satisfies readonly HandoffReason[];

/** Channels a report can be narrowed to. */
export const REPORT_CHANNELS = ["web", "sms", "cli"] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
