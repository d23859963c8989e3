import type { QuestionGroup } from "../../insights/unanswered-groups.js";
import { html, type SafeHtml } from "../html.js";
import { layout, notice, type PageFrame } from "./layout.js";
import { CHANNEL_LABELS, formatTime } from "./format.js";

/** `/staff/unanswered`: what the bot could not answer, masked and grouped, with proposal forms. Admins only. */
export function unansweredPage(m: {
  frame: PageFrame;
  groups: readonly QuestionGroup[];
  topics: ReadonlyMap<string, string>;
  timeZone: string;
  days: number;
  message?: { kind: "ok" | "error"; text: string };
}): SafeHtml {
  const csrf = m.frame.staff?.csrf ?? "";
  const entries = [...m.topics].sort((a, b) => a[1].localeCompare(b[1]));
  const body = html`<h1>Unanswered questions</h1>
${m.message ? notice(m.message.kind, m.message.text) : ""}
<p class="hint">Messages of the last ${m.days} days the bot could not answer (a "did you mean", the menu, or a second miss), phone numbers and emails masked, grouped when they read alike. Propose a phrasing or a new entry: a clinician approves it before the bot uses it.</p>
${
  m.groups.length === 0
    ? html`<p class="card">Nothing unanswered in this period.</p>`
    : m.groups.map(
        (g, i) => html`<section class="card" aria-labelledby="g-${i}">
<h2 id="g-${i}">"${g.lead.text}"${g.questions.length > 1 ? html` <span class="badge">${g.questions.length} alike</span>` : ""}</h2>
<ul>${g.questions.slice(0, 8).map((q) => html`<li>${q.text} <span class="muted">${CHANNEL_LABELS[q.channel] ?? q.channel}, ${formatTime(q.at, m.timeZone)}</span></li>`)}</ul>
<p class="hint">Closest entries: ${g.closest.length === 0 ? "none" : g.closest.map((c, j) => html`${j > 0 ? ", " : ""}${m.topics.get(c.id) ?? c.id} (${c.score.toFixed(2)})`)}</p>
<form class="stack" method="post" action="/staff/proposals">
  <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="kind" value="phrasing">
  <label for="t-${i}">Phrasing</label><input type="text" id="t-${i}" name="text" value="${g.lead.text}" maxlength="300" required>
  <label for="e-${i}">is a phrasing of</label>
  <select id="e-${i}" name="faqId">${[...g.closest.map((c) => [c.id, m.topics.get(c.id) ?? c.id] as const), ...entries.filter(([id]) => !g.closest.some((c) => c.id === id))].map(([id, topic]) => html`<option value="${id}">${topic} (${id})</option>`)}</select>
  <div class="actions"><button class="primary" type="submit">Propose phrasing</button></div>
</form>
<details class="propose"><summary>This needs a new entry</summary>
<form class="stack" method="post" action="/staff/proposals">
  <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="kind" value="new-entry">
  <input type="hidden" name="text" value="${g.lead.text}">
  <label for="id-${i}">Entry id</label><input type="text" id="id-${i}" name="id" pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength="60" required>
  <label for="tp-${i}">Topic</label><input type="text" id="tp-${i}" name="topic" maxlength="80" required>
  <label for="sms-${i}">SMS answer</label><textarea id="sms-${i}" name="sms" maxlength="1000" required></textarea>
  <label for="web-${i}">Web answer</label><textarea id="web-${i}" name="web" maxlength="750" required></textarea>
  <label for="src-${i}">Source</label><input type="text" id="src-${i}" name="source" maxlength="300" required>
  <p class="hint">The draft must pass the knowledge-base checks (placeholders for clinic facts, GSM-7 and 306 characters by SMS, grade 8, the curation standard).</p>
  <div class="actions"><button class="secondary" type="submit">Propose new entry</button></div>
</form></details>
</section>`,
      )
}`;
  return layout({ ...m.frame, title: "Unanswered questions", nav: "insights" }, body);
}
