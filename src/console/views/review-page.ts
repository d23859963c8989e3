import type { Proposal } from "../../insights/review/proposals.js";
import { html, type SafeHtml } from "../html.js";
import { layout, notice, type PageFrame } from "./layout.js";
import { formatTime } from "./format.js";

/** `/staff/review`: proposals waiting for a clinician, decisions made, and entries due for re-review. */
export function reviewPage(m: {
  frame: PageFrame;
  proposals: readonly Proposal[];
  stale: readonly { id: string; topic: string; reviewed: string; ageDays: number }[];
  maxAgeDays: number;
  topics: ReadonlyMap<string, string>;
  clinician: boolean;
  timeZone: string;
  message?: { kind: "ok" | "error"; text: string };
}): SafeHtml {
  const csrf = m.frame.staff?.csrf ?? "";
  const pending = m.proposals.filter((p) => p.status === "pending");
  const decided = m.proposals.filter((p) => p.status !== "pending").slice(0, 50);
  const what = (p: Proposal) =>
    p.kind === "phrasing"
      ? html`<p>"${p.text}" as a phrasing of <strong>${m.topics.get(p.faqId ?? "") ?? p.faqId}</strong> <span class="muted mono">${p.faqId}</span></p>`
      : html`<p>New entry <strong>${p.draft?.topic}</strong> <span class="muted mono">${p.draft?.id}</span> for "${p.text}"</p>
<dl class="facts"><dt>SMS</dt><dd>${p.draft?.sms}</dd><dt>Web</dt><dd>${p.draft?.web}</dd><dt>Source</dt><dd>${p.draft?.source}</dd></dl>`;
  const body = html`<h1>Knowledge-base review</h1>
${m.message ? notice(m.message.kind, m.message.text) : ""}
<h2>Waiting for a clinician (${pending.length})</h2>
${
  pending.length === 0
    ? html`<p class="card">Nothing waiting.</p>`
    : pending.map(
        (p) => html`<section class="card" id="p-${p.id}">
${what(p)}
<p class="hint">Proposed by ${p.proposedBy}, ${formatTime(p.proposedAt, m.timeZone)}</p>
${
  m.clinician
    ? html`<form class="stack" method="post" action="/staff/review/${p.id}">
  <input type="hidden" name="_csrf" value="${csrf}">
  <label for="n-${p.id}">Note (optional)</label><input type="text" id="n-${p.id}" name="note" maxlength="500">
  <div class="actions"><button class="primary" type="submit" name="decision" value="approve">Approve</button><button class="secondary" type="submit" name="decision" value="reject">Reject</button></div>
</form>`
    : html`<p class="muted">A clinician approves or rejects it.</p>`
}
</section>`,
      )
}
<h2>Due for re-review</h2>
<p class="hint">Entries whose reviewed date is more than ${m.maxAgeDays} days old.</p>
${
  m.stale.length === 0
    ? html`<p class="card">Every entry was reviewed in the last ${m.maxAgeDays} days.</p>`
    : html`<table><thead><tr><th scope="col">Entry</th><th scope="col">Reviewed</th><th scope="col">Days ago</th></tr></thead>
<tbody>${m.stale.map((e) => html`<tr><td>${e.topic} <span class="muted mono">faq/${e.id}.yaml</span></td><td>${e.reviewed}</td><td>${e.ageDays}</td></tr>`)}</tbody></table>`
}
<h2>Decided</h2>
${
  decided.length === 0
    ? html`<p class="card">No decisions yet.</p>`
    : html`<table><thead><tr><th scope="col">Proposal</th><th scope="col">Decision</th></tr></thead>
<tbody>${decided.map((p) => html`<tr id="p-${p.id}"><td>${p.kind === "phrasing" ? html`"${p.text}" → ${p.faqId}` : html`new entry ${p.draft?.id}`}</td><td><span class="badge ${p.status === "approved" ? "resolved" : "open"}">${p.status}</span> by ${p.decidedBy}, ${p.decidedAt ? formatTime(p.decidedAt, m.timeZone) : ""}${p.note ? html`: ${p.note}` : ""}</td></tr>`)}</tbody></table>`
}`;
  return layout({ ...m.frame, title: "Review", nav: "review" }, body);
}
