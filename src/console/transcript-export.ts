import type { Handoff } from "../domain/handoff.js";
import type { TranscriptEntry } from "../domain/transcript.js";
import { REASON_LABELS } from "../handoff/handoff-labels.js";
import { formatClock, formatTime } from "./views/format.js";

export interface TranscriptExport {
  readonly clinicName: string;
  readonly timeZone: string;
  readonly handoff: Handoff;
  readonly transcript: readonly TranscriptEntry[];
  readonly crisis: boolean;
  readonly exportedBy: string;
  readonly exportedAt: Date;
}

/**
 * How an export names the conversation: the phone number on SMS (the clinic's records need
 * it), but only the start of a web visitor's id, which is a bearer secret (whoever holds it
 * can write as the visitor and read staff replies).
 */
export function exportedConversationId(conversationId: string): string {
  return conversationId.startsWith("web:") ? `web:${conversationId.slice(4, 12)}...` : conversationId;
}

/** A plain-text transcript for the clinic's records (the download is audited). */
export function transcriptText(e: TranscriptExport): string {
  const h = e.handoff;
  const header = [
    `${e.clinicName} - conversation transcript`,
    `Conversation: ${exportedConversationId(h.conversationId)} (${h.channel})`,
    `Handoff: ${h.id}, ${h.urgency}, ${REASON_LABELS[h.reason]}, ${h.status}`,
    `Opened: ${formatTime(h.createdAt, e.timeZone)}`,
    ...(h.claimedBy ? [`Claimed by: ${h.claimedBy}`] : []),
    ...(h.resolvedBy ? [`Resolved by: ${h.resolvedBy}${h.resolutionNote ? `; note: ${h.resolutionNote}` : ""}`] : []),
    `Crisis flag: ${e.crisis ? "yes" : "no"}`,
    `Exported by ${e.exportedBy} on ${formatTime(e.exportedAt.toISOString(), e.timeZone)}`,
    "",
  ];
  const lines = e.transcript.map((l) => {
    const who = l.from === "person" ? "Person" : l.from === "staff" ? `Staff (${l.staff ?? "unknown"})` : "Assistant";
    const tags = [l.crisis ? "CRISIS" : "", l.intent ? `intent=${l.intent}` : "", l.faqId ? `faq=${l.faqId}` : ""].filter(Boolean).join(" ");
    return `[${formatClock(l.at, e.timeZone)}] ${who}${tags ? ` {${tags}}` : ""}: ${l.text}`;
  });
  return [...header, ...lines, ""].join("\n");
}

/** The same as JSON: the handoff record and every transcript line as stored. */
export function transcriptJson(e: TranscriptExport): string {
  return JSON.stringify(
    {
      clinic: e.clinicName,
      exportedAt: e.exportedAt.toISOString(),
      exportedBy: e.exportedBy,
      conversation: { id: exportedConversationId(e.handoff.conversationId), channel: e.handoff.channel, crisis: e.crisis },
      handoff: { ...e.handoff, conversationId: exportedConversationId(e.handoff.conversationId) },
      transcript: e.transcript,
    },
    null,
    2,
  );
}
