import type { Handoff } from "../../domain/handoff.js";
import type { TranscriptEntry } from "../../domain/transcript.js";
import type { ConversationState } from "../../state/conversation-state.js";
import type { AuditEntry } from "../../state/audit-log.js";
import { MAX_STAFF_REPLY_LENGTH } from "../../handoff/handoff-desk.js";
import type { BookingSummary } from "../../scheduling/booking-lookup.js";
import type { ConversationSummary } from "../summary-lookup.js";
import { html, type SafeHtml } from "../html.js";
import { layout, notice, type PageFrame } from "./layout.js";
import { CHANNEL_LABELS, formatTime, personLabel, phoneOf } from "./format.js";
import { reasonText, statusBadge, urgencyBadge } from "./badges.js";
import { auditTable } from "./audit-table.js";
import { transcriptList } from "./transcript-list.js";
import { contactLink } from "./contact-link.js";

export interface HandoffPageModel {
  readonly frame: PageFrame & { readonly staff: { readonly email: string; readonly csrf: string } };
  readonly handoff: Handoff;
  readonly transcript: readonly TranscriptEntry[];
  readonly state: ConversationState | null;
  /** undefined: booking is not connected to the console; null: no booking. */
  readonly booking: BookingSummary | null | undefined;
  readonly timeZone: string;
  readonly retentionDays: number;
  /** The full phone number was asked for (and the request audited). */
  readonly showPhone: boolean;
  readonly flash?: { readonly kind: "ok" | "error" | "info"; readonly text: string };
  /** A reply that could not be sent, kept in the box so it is not lost. */
  readonly replyDraft?: string;
  readonly audit: readonly AuditEntry[];
  /** A machine-written summary, when summaries are on and one could be made. */
  readonly summary?: ConversationSummary | null;
  /** Why a reply cannot reach the person on their channel, said before anyone writes one (e.g. opted out of texts). */
  readonly replyBlocked?: string;
}

/** How the console names a conversation's language. */
const LANGUAGE_NAMES: Readonly<Record<"en" | "es", string>> = { en: "English", es: "Spanish" };

/** One handoff: who, why, how urgent, the whole transcript, and what staff can do. */
export function handoffPage(m: HandoffPageModel): SafeHtml {
  const h = m.handoff;
  const base = `/staff/handoffs/${encodeURIComponent(h.id)}`;
  const csrf = html`<input type="hidden" name="_csrf" value="${m.frame.staff.csrf}">`;
  const crisis = (m.state?.crisis ?? false) || m.transcript.some((l) => l.crisis);
  const intents = [...new Set(m.transcript.filter((l) => l.from === "person").map((l) => l.intent).filter((i): i is string => Boolean(i)))];
  const phone = phoneOf(h.conversationId);
  const mine = h.status === "claimed" && h.claimedBy === m.frame.staff.email;
  // The conversation's language, so staff reply in it (the console shows it; it does not translate).
  const language = m.state?.language ?? "en";
  const languageName = LANGUAGE_NAMES[language];

  const person = html`${m.showPhone && phone ? html`<span class="mono">${phone}</span>` : personLabel(h.conversationId)}${
    phone && !m.showPhone ? html` <a href="${base}?phone=show">Show full number</a>` : ""
  }`;

  const facts = html`<dl class="facts">
  <dt>Person</dt><dd>${person}</dd>
  <dt>Channel</dt><dd>${CHANNEL_LABELS[h.channel] ?? h.channel}</dd>
  <dt>Language</dt><dd><span class="badge language" lang="${language}" data-language="${language}">${languageName}</span>${m.state?.languageChosen ? " (chosen by the person)" : m.state?.language ? "" : " (not known yet)"}</dd>
  <dt>Reason</dt><dd>${reasonText(h)}</dd>
  <dt>Urgency</dt><dd>${urgencyBadge(h)}</dd>
  <dt>Status</dt><dd>${statusBadge(h)}</dd>
  <dt>Crisis flag</dt><dd>${crisis ? html`<span class="badge crisis">Crisis detected</span>` : "None"}</dd>
  <dt>Opened</dt><dd>${formatTime(h.createdAt, m.timeZone)}</dd>
  ${h.claimedBy ? html`<dt>Claimed by</dt><dd>${h.claimedBy}${h.claimedAt ? html`, ${formatTime(h.claimedAt, m.timeZone)}` : ""}</dd>` : ""}
  ${h.resolvedBy ? html`<dt>Resolved by</dt><dd>${h.resolvedBy}${h.resolvedAt ? html`, ${formatTime(h.resolvedAt, m.timeZone)}` : ""}</dd>` : ""}
  ${h.resolutionNote ? html`<dt>Resolution note</dt><dd class="text">${h.resolutionNote}</dd>` : ""}
  ${h.details ? html`<dt>Details</dt><dd>${h.details}</dd>` : ""}
  ${h.contact ? html`<dt>Reach them at</dt><dd>${contactLink(h.contact)} <span class="muted">(left while waiting)</span></dd>` : ""}
  <dt>Booking</dt><dd>${bookingText(m.booking, m.timeZone)}</dd>
  <dt>Detected intents</dt><dd>${intents.length ? intents.map((i) => html`<span class="badge intent">${i}</span> `) : "None"}</dd>
  <dt>Retention</dt><dd>${h.kept ? "Kept until a staff member releases it" : `Deleted ${m.retentionDays} days after the last activity unless kept`}</dd>
</dl>`;

  const claimForm =
    h.status === "open"
      ? html`<form method="post" action="${base}/claim">${csrf}<button class="primary" type="submit">Claim: I'll answer this person</button></form>`
      : h.status === "claimed" && !mine
        ? html`<form method="post" action="${base}/claim">${csrf}<input type="hidden" name="takeOver" value="1"><button class="secondary" type="submit">Take over from ${h.claimedBy ?? "colleague"}</button></form>`
        : "";

  const replyForm =
    h.status === "resolved"
      ? html`<p class="hint">This handoff is resolved; the assistant answers this person again.</p>`
      : h.status === "claimed" && !mine
        ? html`<p class="hint">${h.claimedBy ?? "A colleague"} is answering this person. Take over to reply.</p>`
        : m.replyBlocked
          ? notice("error", `A reply cannot be sent: ${m.replyBlocked}`)
          : html`<form class="stack" method="post" action="${base}/reply">${csrf}
  <label for="reply">Reply to the person in ${languageName} (${h.channel === "sms" ? "by text message" : "in their chat window"})</label>
  <textarea id="reply" name="text" lang="${language}" spellcheck="true" required maxlength="${MAX_STAFF_REPLY_LENGTH}" aria-describedby="reply-hint">${m.replyDraft ?? ""}</textarea>
  <p class="hint" id="reply-hint">${language !== "en" ? `This conversation is in ${languageName}: please write your reply in ${languageName}. ` : ""}${h.status === "open" ? "Sending claims the handoff: the assistant stays quiet while you answer. " : ""}The person sees your words exactly as written.${
    h.channel === "sms" ? ` By text: up to ${MAX_STAFF_REPLY_LENGTH} characters, sent in parts of 153 (67 with emoji or letters outside the basic SMS set).` : ""
  }</p>
  <div class="actions"><button class="primary" type="submit">Send reply</button></div>
</form>`;

  const resolveForm =
    h.status === "resolved"
      ? ""
      : html`<form class="stack" method="post" action="${base}/resolve">${csrf}
  <label for="note">Resolution note (staff only)</label>
  <textarea id="note" name="note" required maxlength="2000" aria-describedby="note-hint"></textarea>
  <p class="hint" id="note-hint">What was done, e.g. "Called back, consult booked". The assistant answers the person again once resolved.</p>
  <div class="actions"><button class="primary" type="submit">Resolve</button></div>
</form>`;

  const keepForm = html`<form method="post" action="${base}/keep">${csrf}<input type="hidden" name="kept" value="${h.kept ? "0" : "1"}"><button class="secondary" type="submit">${
    h.kept ? "Release to normal retention" : "Keep beyond the retention period"
  }</button></form>`;

  return layout(
    { ...m.frame, nav: "queue" },
    html`<p><a href="/staff/queue">&larr; Back to the queue</a></p>
<h1>${urgencyBadge(h)} ${reasonText(h)}: ${personLabel(h.conversationId)}</h1>
${m.flash ? notice(m.flash.kind, m.flash.text) : ""}
<div class="layout">
<section aria-labelledby="transcript-title">
  <h2 id="transcript-title">Transcript</h2>
  <p class="hint">${m.transcript.length} message${m.transcript.length === 1 ? "" : "s"}, oldest first, times in ${m.timeZone}. Export as <a href="${base}/transcript.txt">text</a> or <a href="${base}/transcript.json">JSON</a>.</p>
  ${
    m.summary
      ? html`<div class="card"><h3>Summary <span class="badge intent">machine-written, check the transcript</span></h3><p class="text summary">${m.summary.text}</p><p class="hint">Written ${formatTime(m.summary.at, m.timeZone)}.</p></div>`
      : ""
  }
  ${transcriptList(m.transcript, m.timeZone)}
</section>
<aside>
  <section class="card" aria-labelledby="about-title"><h2 id="about-title">About this handoff</h2>${facts}</section>
  <section class="card" aria-labelledby="act-title"><h2 id="act-title">Answer</h2><div class="stack">${claimForm}${replyForm}</div></section>
  ${resolveForm ? html`<section class="card" aria-labelledby="resolve-title"><h2 id="resolve-title">Resolve</h2>${resolveForm}</section>` : ""}
  <section class="card" aria-labelledby="keep-title"><h2 id="keep-title">Keep</h2>${keepForm}</section>
</aside>
</div>
<section aria-labelledby="audit-title">
  <h2 id="audit-title">Access to this conversation</h2>
  ${auditTable(m.audit, m.timeZone, { showConversation: false })}
</section>`,
  );
}

function bookingText(booking: BookingSummary | null | undefined, timeZone: string): string {
  if (booking === undefined) return "Not connected to the console";
  if (booking === null) return "No booking";
  return `${booking.status}, ${formatTime(booking.startsAt, timeZone)}`;
}
