import type { Handoff } from "../../domain/handoff.js";
import type { HandoffFilter } from "../../state/handoffs.js";
import { html, type SafeHtml } from "../html.js";
import { layout, notice, type PageFrame } from "./layout.js";
import { CHANNEL_LABELS, formatTime, personLabel } from "./format.js";
import { reasonText, statusBadge, urgencyBadge } from "./badges.js";

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
  readonly timeZone: string;
}

/** The handoff queue: urgent first, then newest; numbers partly masked. */
export function queuePage(m: QueuePageModel): SafeHtml {
  const urgentWaiting = m.handoffs.filter((h) => h.urgency === "urgent" && h.status === "open").length;
  const filters = html`<ul class="filters" aria-label="Filter by status">${QUEUE_FILTERS.map(
    (f) => html`<li><a href="/staff/queue?status=${f.filter}"${f.filter === m.filter ? html` aria-current="page"` : ""}>${f.label}</a></li>`,
  )}</ul>`;
  const rows = m.handoffs.map(
    (h) => html`<tr class="${h.urgency === "urgent" && h.status !== "resolved" ? "urgent" : ""}">
  <td>${urgencyBadge(h)}</td>
  <td>${reasonText(h)}</td>
  <td><a href="/staff/handoffs/${encodeURIComponent(h.id)}">${personLabel(h.conversationId)}</a></td>
  <td>${CHANNEL_LABELS[h.channel] ?? h.channel}</td>
  <td>${statusBadge(h)}${h.kept ? html` <span class="badge">Kept</span>` : ""}</td>
  <td>${formatTime(h.createdAt, m.timeZone)}</td>
  <td>${h.status === "resolved" ? (h.resolvedBy ?? "") : (h.claimedBy ?? html`<span class="muted">nobody yet</span>`)}</td>
</tr>`,
  );
  return layout(
    { ...m.frame, nav: "queue" },
    html`<h1>Handoff queue</h1>
${urgentWaiting > 0 ? notice("error", `${urgentWaiting} urgent handoff${urgentWaiting === 1 ? "" : "s"} waiting for someone to claim ${urgentWaiting === 1 ? "it" : "them"}.`) : ""}
${filters}
${
  m.handoffs.length === 0
    ? html`<p class="card">No handoffs here.</p>`
    : html`<table>
<caption>${m.handoffs.length} handoff${m.handoffs.length === 1 ? "" : "s"}, urgent first, then newest.</caption>
<thead><tr><th scope="col">Urgency</th><th scope="col">Reason</th><th scope="col">Person</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Opened</th><th scope="col">Staff</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}`,
  );
}
