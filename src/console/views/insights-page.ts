import type { InsightsReport } from "../../insights/report.js";
import { html, type SafeHtml } from "../html.js";
import { layout, type PageFrame } from "./layout.js";
import { barList, columnChart } from "./svg-chart.js";

const FUNNEL_LABELS: Readonly<Record<string, string>> = {
  conversation: "Wrote a first message",
  asked: "Got an answer",
  "booking-started": "Started booking",
  "time-offered": "Saw times",
  "contact-given": "Gave contact details",
  booked: "Booked a call",
};

const REASON_LABELS: Readonly<Record<string, string>> = {
  crisis: "Crisis",
  "possible-risk": "Possible risk (check-in)",
  "asked-for-person": "Asked for a person",
  "not-understood": "Not understood twice",
  "booking-problem": "Booking problem",
  "medical-question": "Medical question",
  "cost-insurance": "Cost or insurance",
};

const PRESETS = [
  { days: 1, label: "Today" },
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
] as const;

const CHANNELS = [
  { value: "all", label: "All channels" },
  { value: "web", label: "Web chat" },
  { value: "sms", label: "SMS" },
] as const;

/** `/staff/insights`: the period's figures, server-drawn charts and a CSV link. Admins only. */
export function insightsPage(m: { frame: PageFrame; report: InsightsReport; topics: ReadonlyMap<string, string>; timeZone: string; today: string; presetDays: number | null }): SafeHtml {
  const r = m.report;
  const q = r.query;
  const query = (over: Record<string, string>) => `?${new URLSearchParams({ from: q.from, to: q.to, channel: q.channel, ...over }).toString()}`;
  const pct = (x: number | null) => (x === null ? "-" : `${Math.round(x * 100)}%`);
  const figure = (label: string, value: string | number, id: string, note?: string) =>
    html`<div class="figure"><dt>${label}</dt><dd data-figure="${id}">${value}</dd>${note ? html`<dd class="hint">${note}</dd>` : ""}</div>`;
  const period = q.from === q.to ? q.from : `${q.from} to ${q.to}`;
  const body = html`<h1>Insights</h1>
<form class="card pickers" method="get" action="/staff/insights" aria-label="Period and channel">
  <ul class="filters" aria-label="Period">${PRESETS.map((p) => html`<li><a href="/staff/insights?${new URLSearchParams({ days: String(p.days), channel: q.channel }).toString()}"${m.presetDays === p.days ? html` aria-current="page"` : ""}>${p.label}</a></li>`)}</ul>
  <div class="pick-row">
    <label>From <input type="date" name="from" value="${q.from}" max="${m.today}"></label>
    <label>To <input type="date" name="to" value="${q.to}" max="${m.today}"></label>
    <label>Channel <select name="channel">${CHANNELS.map((c) => html`<option value="${c.value}"${q.channel === c.value ? html` selected` : ""}>${c.label}</option>`)}</select></label>
    <button class="secondary" type="submit">Show</button>
    <a class="button" href="/staff/insights.csv${query({})}" download>Download CSV</a>
  </div>
  <p class="hint">${period}, ${CHANNELS.find((c) => c.value === q.channel)?.label ?? q.channel}. Days in ${m.timeZone}. No message text or personal data is counted.</p>
</form>
<section class="card" aria-labelledby="h-overview"><h2 id="h-overview">Overview</h2>
<dl class="figures">
${figure("Conversations", r.conversations, "conversations")}
${figure("Messages", r.messages, "messages")}
${figure("Answered", pct(r.answeredRate), "answered-rate", `${r.answered} of ${r.answered + r.notUnderstood} questions`)}
${figure("Not understood", pct(r.fallbackRate), "fallback-rate", `${r.notUnderstood} questions`)}
${figure("Suggestion picked", pct(r.suggestionSuccess), "suggestion-success", `${r.suggestionsChosen} of ${r.suggestionsOffered} offers`)}
${figure("Crisis replies", r.crisis, "crisis")}
${figure("Check-ins", r.checkIns, "check-ins")}
${figure("Median time to claim an urgent handoff", r.medianUrgentClaimMinutes === null ? "-" : `${r.medianUrgentClaimMinutes} min`, "urgent-claim", `${r.urgentClaimed} claimed`)}
${figure("Calls booked", r.bookings.booked, "booked")}
${figure("Calls moved", r.bookings.moved, "moved")}
${figure("Calls cancelled", r.bookings.cancelled, "cancelled")}
</dl></section>
<section class="card" aria-labelledby="h-funnel"><h2 id="h-funnel">From first message to a booked call</h2>
${barList({ title: "Conversations reaching each step", rows: r.funnel.map((f) => ({ label: FUNNEL_LABELS[f.stage] ?? f.stage, value: f.conversations })) })}
</section>
<section class="card" aria-labelledby="h-handoffs"><h2 id="h-handoffs">Handed to staff</h2>
${r.handoffs.length === 0 ? html`<p class="muted">No handoffs in this period.</p>` : barList({ title: "Handoffs by reason", rows: r.handoffs.map((h) => ({ label: REASON_LABELS[h.reason] ?? h.reason, value: h.urgent + h.normal, note: h.urgent > 0 ? `(${h.urgent} urgent)` : "" })) })}
</section>
<section class="card" aria-labelledby="h-hours"><h2 id="h-hours">Busiest hours</h2>
${columnChart({ title: "Messages by hour of day", labels: r.hours.map((_, h) => String(h)), values: r.hours, labelEvery: 4 })}
</section>
<section class="card" aria-labelledby="h-top"><h2 id="h-top">Most asked</h2>
${r.topEntries.length === 0 ? html`<p class="muted">No answers in this period.</p>` : barList({ title: "Most asked knowledge-base entries", rows: r.topEntries.map((e) => ({ label: m.topics.get(e.id) ?? e.id, value: e.count })) })}
</section>
${r.days.length > 1 ? html`<section class="card" aria-labelledby="h-days"><h2 id="h-days">Conversations per day</h2>${columnChart({ title: "Conversations per day", labels: r.perDay.map((d) => d.day.slice(5)), values: r.perDay.map((d) => d.conversations), labelEvery: Math.max(1, Math.ceil(r.perDay.length / 8)) })}</section>` : ""}`;
  return layout({ ...m.frame, title: "Insights", nav: "insights" }, body);
}
