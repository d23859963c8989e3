import type { Handoff } from "../../domain/handoff.js";
import { HANDOFF_REASONS } from "../../domain/handoff.js";
import type { HandoffFilter } from "../../state/handoffs.js";
import { REASON_LABELS } from "../../handoff/handoff-labels.js";
import type { QueueFilters } from "../queue-filter.js";
import { html, type SafeHtml } from "../html.js";
import { layout, notice, type PageFrame } from "./layout.js";
import { CHANNEL_LABELS, formatTime, personLabel } from "./format.js";
import { reasonText, statusBadge, urgencyBadge } from "./badges.js";
import { contactLink } from "./contact-link.js";

export const QUEUE_FILTERS: readonly { readonly filter: HandoffFilter; readonly label: string }[] = [
  { filter: "active", label: "Waiting or in progress" },
  { filter: "open", label: "Open" },
  { filter: "claimed", label: "Claimed" },
  { filter: "resolved", label: "Resolved" },
  { filter: "all", label: "All" },
];

export interface QueuePageModel {
  readonly frame: PageFrame;
  readonly handoffs: readonly Handoff[];
  readonly filter: HandoffFilter;
  readonly filters: QueueFilters;
  readonly timeZone: string;
  readonly now: Date;
}

/** "12 min", "3 h 5 min", "2 days". */
export function waitedFor(fromIso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  const days = Math.floor(minutes / (24 * 60));
  return `${days} day${days === 1 ? "" : "s"}`;
}

/** The handoff queue: urgent first, then newest; search, filters, waiting time; numbers partly masked. */
export function queuePage(m: QueuePageModel): SafeHtml {
  const urgentWaiting = m.handoffs.filter((h) => h.urgency === "urgent" && h.status === "open").length;
  const f = m.filters;
  const option = (value: string, label: string, current: string | undefined) => html`<option value="${value}"${(current ?? "") === value ? " selected" : ""}>${label}</option>`;
  const search = html`<form class="search" method="get" action="/staff/queue" role="search">
  <div class="field wide"><label for="q">Search</label><input id="q" type="search" name="q" value="${f.q}" placeholder="Name, phone or words"></div>
  <div class="field"><label for="f-status">Status</label><select id="f-status" name="status">${QUEUE_FILTERS.map((q) => option(q.filter, q.label, m.filter))}</select></div>
  <div class="field"><label for="f-urgency">Urgency</label><select id="f-urgency" name="urgency">${option("", "Any", f.urgency)}${option("urgent", "Urgent", f.urgency)}${option("normal", "Normal", f.urgency)}</select></div>
  <div class="field"><label for="f-reason">Reason</label><select id="f-reason" name="reason">${option("", "Any", f.reason)}${HANDOFF_REASONS.map((r) => option(r, REASON_LABELS[r], f.reason))}</select></div>
  <div class="field"><label for="f-channel">Channel</label><select id="f-channel" name="channel">${option("", "Any", f.channel)}${option("web", "Web chat", f.channel)}${option("sms", "SMS", f.channel)}</select></div>
  <div class="field"><button class="primary" type="submit">Show</button></div>
</form>`;
  const rows = m.handoffs.map(
    (h) => html`<tr class="${h.urgency === "urgent" && h.status !== "resolved" ? "urgent" : ""}">
  <td data-label="Urgency">${urgencyBadge(h)}</td>
  <td data-label="Reason">${reasonText(h)}</td>
  <td data-label="Person"><a href="/staff/handoffs/${encodeURIComponent(h.id)}">${personLabel(h.conversationId)}</a>${h.contact ? html`<br><span class="muted">reach at</span> ${contactLink(h.contact)}` : ""}</td>
  <td data-label="Channel">${CHANNEL_LABELS[h.channel] ?? h.channel}</td>
  <td data-label="Status">${statusBadge(h)}${h.kept ? html` <span class="badge">Kept</span>` : ""}</td>
  <td data-label="Waiting">${h.status === "open" ? html`<strong class="waited">${waitedFor(h.createdAt, m.now)}</strong>` : h.status === "claimed" && h.claimedAt ? html`<span class="muted">waited ${waitedFor(h.createdAt, new Date(h.claimedAt))}</span>` : html`<span class="muted">-</span>`}<br><span class="muted">${formatTime(h.createdAt, m.timeZone)}</span></td>
  <td data-label="Staff">${h.status === "resolved" ? (h.resolvedBy ?? "") : (h.claimedBy ?? html`<span class="muted">nobody yet</span>`)}</td>
</tr>`,
  );
  return layout(
    { ...m.frame, nav: "queue" },
    html`<h1>Handoff queue</h1>
${search}
<div data-live="queue">
${urgentWaiting > 0 ? notice("error", `${urgentWaiting} urgent handoff${urgentWaiting === 1 ? "" : "s"} waiting for someone to claim ${urgentWaiting === 1 ? "it" : "them"}.`) : ""}
${
  m.handoffs.length === 0
    ? html`<p class="card">${f.q || f.urgency || f.reason || f.channel ? "No handoffs match." : "No handoffs here."}</p>`
    : html`<table class="rows">
<caption>${m.handoffs.length} handoff${m.handoffs.length === 1 ? "" : "s"}, urgent first, then newest.</caption>
<thead><tr><th scope="col">Urgency</th><th scope="col">Reason</th><th scope="col">Person</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Waiting</th><th scope="col">Staff</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
</div>`,
  );
}
