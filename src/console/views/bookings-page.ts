import type { BookingSummary } from "../../scheduling/booking-lookup.js";
import { html, type SafeHtml } from "../html.js";
import { layout, notice, type PageFrame } from "./layout.js";
import { CHANNEL_LABELS, formatTime, personLabel } from "./format.js";

/** `/staff/bookings`: upcoming consult calls. `bookings` is undefined while booking is not connected. */
export function bookingsPage(m: { frame: PageFrame; bookings: readonly BookingSummary[] | undefined; timeZone: string }): SafeHtml {
  const body =
    m.bookings === undefined
      ? notice("info", "Bookings are not connected to the console in this installation.")
      : m.bookings.length === 0
        ? html`<p class="card">No upcoming consult calls.</p>`
        : html`<table>
<caption>Upcoming consult calls, soonest first. Times in ${m.timeZone}.</caption>
<thead><tr><th scope="col">Call time</th><th scope="col">Status</th><th scope="col">Person</th><th scope="col">Channel</th></tr></thead>
<tbody>${m.bookings.map(
            (b) =>
              html`<tr><td>${formatTime(b.startsAt, m.timeZone)}</td><td>${b.status}</td><td>${personLabel(b.conversationId)}</td><td>${
                b.channel ? (CHANNEL_LABELS[b.channel] ?? b.channel) : ""
              }</td></tr>`,
          )}</tbody>
</table>`;
  return layout({ ...m.frame, nav: "bookings" }, html`<h1>Bookings</h1>${body}`);
}
