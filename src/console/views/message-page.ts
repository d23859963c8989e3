import { html, type SafeHtml } from "../html.js";
import { layout, type PageFrame } from "./layout.js";

/** A page with one message: errors (403, 404...) and confirmations. */
export function messagePage(frame: PageFrame, heading: string, text: string, link: { href: string; label: string } = { href: "/staff/queue", label: "Back to the queue" }): SafeHtml {
  return layout(frame, html`<div class="card"><h1>${heading}</h1><p>${text}</p><p><a href="${link.href}">${link.label}</a></p></div>`);
}
