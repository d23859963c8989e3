import type { HandoffReason, HandoffStatus, HandoffUrgency } from "../domain/handoff.js";

/** Reason categories as staff read them (alerts and console). A category, never the person's words. */
export const REASON_LABELS: Readonly<Record<HandoffReason, string>> = {
  "asked-for-person": "asked for a person",
  crisis: "crisis",
  "possible-risk": "possible risk, checked in",
  "not-understood": "not understood twice",
  "booking-problem": "booking problem",
  "medical-question": "medical question",
  "cost-insurance": "cost or insurance",
};

export const STATUS_LABELS: Readonly<Record<HandoffStatus, string>> = {
  open: "Open",
  claimed: "Claimed",
  resolved: "Resolved",
};

export const URGENCY_LABELS: Readonly<Record<HandoffUrgency, string>> = {
  urgent: "Urgent",
  normal: "Normal",
};
