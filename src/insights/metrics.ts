import type { TurnEvent } from "./turn-event.js";
import { OUTCOMES } from "./turn-event.js";
import { HANDOFF_REASONS } from "./catalogue.js";

/**
 * The names of the daily counters one event adds to. Turn-level counters count every turn;
 * conversation-level ones (`conv:*`) are counted once per conversation and day (see InsightsStore).
 */
export function turnCounters(event: TurnEvent): string[] {
  const names = ["messages", `outcome:${event.outcome}`, `hour:${String(event.hour).padStart(2, "0")}`];
  for (const id of event.faqIds) names.push(`faq:${id}`);
  if (event.suggestionChosen) names.push("suggestion-chosen");
  if (event.handoff && (HANDOFF_REASONS as readonly string[]).includes(event.handoff.reason)) names.push(`handoff:${event.handoff.reason}:${event.handoff.urgency}`);
  if (event.booking) names.push(`booking:${event.booking}`);
  return names;
}

/** Conversation-level stages this event reaches (each counted once per conversation and day). */
export function conversationStages(event: TurnEvent): string[] {
  const stages = ["conversation"];
  if (event.faqIds.length > 0) stages.push("asked");
  if (event.bookingStep || event.booking === "booked" || event.intent === "book") stages.push("booking-started");
  if (event.bookingStep === "pick" || event.bookingStep === "contact" || event.bookingStep === "confirm" || event.booking === "booked") stages.push("time-offered");
  if (event.bookingStep === "contact" || event.bookingStep === "confirm" || event.booking === "booked") stages.push("contact-given");
  if (event.booking === "booked") stages.push("booked");
  return stages;
}

/** Every counter name a day may hold, so a report reads them all with one MGET. */
export function allCounterNames(faqIds: readonly string[]): string[] {
  const names = ["messages", "suggestion-chosen", ...OUTCOMES.map((o) => `outcome:${o}`)];
  for (let h = 0; h < 24; h++) names.push(`hour:${String(h).padStart(2, "0")}`);
  for (const id of faqIds) names.push(`faq:${id}`);
  for (const reason of HANDOFF_REASONS) for (const urgency of ["urgent", "normal"]) names.push(`handoff:${reason}:${urgency}`);
  for (const b of ["booked", "moved", "cancelled"]) names.push(`booking:${b}`);
  for (const stage of FUNNEL_STAGES) names.push(`conv:${stage}`);
  return names;
}

/** The funnel from first message to a booked call, in order. */
export const FUNNEL_STAGES = ["conversation", "asked", "booking-started", "time-offered", "contact-given", "booked"] as const;
