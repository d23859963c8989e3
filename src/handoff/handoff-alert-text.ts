import type { Handoff } from "../domain/handoff.js";
import { REASON_LABELS } from "./handoff-labels.js";

/**
 * The staff alert, for SMS and chat webhooks alike: urgency, reason category and the
 * console link, nothing else (no name, number or words of the person). GSM-7 only.
 */
export function handoffAlertText(handoff: Pick<Handoff, "urgency" | "reason">, consoleUrl: string): string {
  const reason = REASON_LABELS[handoff.reason];
  return handoff.urgency === "urgent"
    ? `URGENT: a conversation needs staff now (${reason}). Open the staff console: ${consoleUrl}`
    : `A conversation is waiting for staff (${reason}). Open the staff console: ${consoleUrl}`;
}
