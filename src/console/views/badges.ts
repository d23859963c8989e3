import type { Handoff } from "../../domain/handoff.js";
import { REASON_LABELS, STATUS_LABELS, URGENCY_LABELS } from "../../handoff/handoff-labels.js";
import { html, type SafeHtml } from "../html.js";

export function urgencyBadge(h: Pick<Handoff, "urgency">): SafeHtml {
  return html`<span class="badge ${h.urgency}">${URGENCY_LABELS[h.urgency]}</span>`;
}

export function statusBadge(h: Pick<Handoff, "status">): SafeHtml {
  return html`<span class="badge ${h.status}">${STATUS_LABELS[h.status]}</span>`;
}

export function reasonText(h: Pick<Handoff, "reason">): string {
  const label = REASON_LABELS[h.reason];
  return label.charAt(0).toUpperCase() + label.slice(1);
}
