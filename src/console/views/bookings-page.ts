import { DateTime } from "luxon";
import type { BookingSummary, CallStatus } from "../../scheduling/booking-lookup.js";
import { html, type SafeHtml } from "../html.js";
import { layout, notice, type PageFrame } from "./layout.js";
import { CHANNEL_LABELS, formatTime } from "./format.js";
import { contactLink } from "./contact-link.js";

export const CALL_STATUS_LABELS: Readonly<Record<CallStatus, string>> = {
  booked: "Booked",
  moved: "Moved",
  cancelled: "Cancelled",
  rescheduled: "Moved away",
  called: "Called",
  "no-answer": "No answer",
  done: "Done",
};

export interface BookingsPageModel {
  readonly frame: PageFrame;
  /** undefined while booking is not connected. */
  readonly bookings: readonly BookingSummary[] | undefined;
  readonly timeZone: string;
  readonly q: string;
  readonly flash?: { readonly kind: "ok" | "error" | "info"; readonly text: string } | undefined;
}

/** A call's time in the clinic's zone, and in the person's when it differs. */
export function callTimes(b: Pick<BookingSummary, "startsAt" | "timeZone">, clinicZone: string): SafeHtml {
  const theirs = b.timeZone && b.timeZone !== clinicZone ? DateTime.fromISO(b.startsAt, { zone: "utc" }).setZone(b.timeZone) : null;
  return html`<strong>${formatTime(b.startsAt, clinicZone)}</strong>${theirs?.isValid ? html`<br><span class="muted">theirs: ${theirs.toFormat("ccc HH:mm ZZZZ")}</span>` : ""}`;
}

export function callStatusBadge(status: CallStatus): SafeHtml {
  return html`<span class="badge call-${status}">${CALL_STATUS_LABELS[status]}</span>`;
}

/**
 * `/staff/bookings`: the call list. Today's and upcoming consult calls with who to call, the
 * number to tap, the time in both zones, the transcript one click away, and the actions.
 */
export function bookingsPage(m: BookingsPageModel): SafeHtml {
  const csrf = m.frame.staff ? html`<input type="hidden" name="_csrf" value="${m.frame.staff.csrf}">` : "";
  const mark = (b: BookingSummary, status: "called" | "no-answer" | "done", label: string) =>
    html`<form method="post" action="/staff/bookings/${encodeURIComponent(b.id)}/mark">${csrf}<input type="hidden" name="status" value="${status}"><button class="secondary small" type="submit"${
      b.status === status ? " disabled" : ""
    }>${label}</button></form>`;
  const rows = (m.bookings ?? []).map(
    (b) => html`<tr>
  <td data-label="Call time">${callTimes(b, m.timeZone)}</td>
  <td data-label="Name">${b.name ?? html`<span class="muted">not given</span>`}</td>
  <td data-label="Call back">${b.phone ? contactLink({ kind: "phone", value: b.phone }) : ""}</td>
  <td data-label="Channel">${b.channel ? (CHANNEL_LABELS[b.channel] ?? b.channel) : ""}</td>
  <td data-label="Status">${callStatusBadge(b.status)}${b.markedBy ? html`<br><span class="muted">by ${b.markedBy}</span>` : ""}</td>
  <td data-label="Conversation"><a href="/staff/conversations/${encodeURIComponent(b.conversationId)}">Transcript</a></td>
  <td data-label="Actions"><div class="actions">${mark(b, "called", "Called")}${mark(b, "no-answer", "No answer")}${mark(b, "done", "Done")}<a class="button small" href="/staff/bookings/${encodeURIComponent(b.id)}">Move or cancel</a></div></td>
</tr>`,
  );
  const search = html`<form class="search" method="get" action="/staff/bookings" role="search">
  <label for="q">Search calls</label>
  <input id="q" type="search" name="q" value="${m.q}" placeholder="Name or phone">
  <button class="secondary" type="submit">Search</button>
</form>`;
  const body =
    m.bookings === undefined
      ? notice("info", "Bookings are not connected to the console in this installation.")
      : m.bookings.length === 0
        ? html`<p class="card">${m.q ? "No calls match." : "No consult calls today or later."}</p>`
        : html`<table class="rows">
<caption>${m.bookings.length} call${m.bookings.length === 1 ? "" : "s"} today and later, soonest first. Times in ${m.timeZone}.</caption>
<thead><tr><th scope="col">Call time</th><th scope="col">Name</th><th scope="col">Call back</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Conversation</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
  return layout(
    { ...m.frame, nav: "bookings" },
    html`<h1>Call list</h1>
${m.flash ? notice(m.flash.kind, m.flash.text) : ""}
${search}
<div data-live="bookings">${body}</div>`,
  );
}

export interface BookingPageModel {
  readonly frame: PageFrame & { readonly staff: { readonly email: string; readonly csrf: string } };
  readonly booking: BookingSummary;
  readonly timeZone: string;
  /** Free times to move the call to, or why there are none. */
  readonly slots: readonly { readonly start: string }[] | { readonly reason: string };
  readonly flash?: { readonly kind: "ok" | "error" | "info"; readonly text: string } | undefined;
}

/** `/staff/bookings/:id`: move or cancel one call; the person is told on their channel. */
export function bookingPage(m: BookingPageModel): SafeHtml {
  const b = m.booking;
  const base = `/staff/bookings/${encodeURIComponent(b.id)}`;
  const csrf = html`<input type="hidden" name="_csrf" value="${m.frame.staff.csrf}">`;
  const open = b.status !== "cancelled" && b.status !== "rescheduled";
  const zone = b.timeZone ?? m.timeZone;
  const move =
    "reason" in m.slots
      ? notice("error", `No times to offer: ${m.slots.reason}`)
      : m.slots.length === 0
        ? html`<p class="hint">No free times in the booking horizon.</p>`
        : html`<form class="stack" method="post" action="${base}/move">${csrf}
  <label for="slot">New time (clinic time, ${m.timeZone})</label>
  <select id="slot" name="slot" required>${m.slots.map(
    (s) => html`<option value="${s.start}">${formatTime(s.start, m.timeZone)}${zone !== m.timeZone ? ` (theirs: ${DateTime.fromISO(s.start, { zone: "utc" }).setZone(zone).toFormat("ccc HH:mm ZZZZ")})` : ""}</option>`,
  )}</select>
  <div class="actions"><button class="primary" type="submit">Move the call</button></div>
</form>`;
  return layout(
    { ...m.frame, title: "Consult call", nav: "bookings" },
    html`<p><a href="/staff/bookings">&larr; Back to the call list</a></p>
<h1>Consult call: ${b.name ?? "name not given"}</h1>
${m.flash ? notice(m.flash.kind, m.flash.text) : ""}
<section class="card"><dl class="facts">
  <dt>Time</dt><dd>${callTimes(b, m.timeZone)}</dd>
  <dt>Call back</dt><dd>${b.phone ? contactLink({ kind: "phone", value: b.phone }) : "not given"}</dd>
  <dt>Channel</dt><dd>${b.channel ? (CHANNEL_LABELS[b.channel] ?? b.channel) : ""}</dd>
  <dt>Status</dt><dd>${callStatusBadge(b.status)}</dd>
  <dt>Conversation</dt><dd><a href="/staff/conversations/${encodeURIComponent(b.conversationId)}">Transcript</a></dd>
</dl></section>
${
  open
    ? html`<section class="card"><h2>Move</h2><p class="hint">The person is told the new time on their channel (their chat window, or a text if they agreed to texts).</p>${move}</section>
<section class="card"><h2>Cancel</h2><form class="stack" method="post" action="${base}/cancel">${csrf}<p class="hint">The slot is freed, the reminder is dropped and the person is told on their channel.</p><div class="actions"><button class="primary danger" type="submit">Cancel this call</button></div></form></section>`
    : html`<p class="card">This call is ${CALL_STATUS_LABELS[b.status].toLowerCase()}.</p>`
}`,
  );
}
