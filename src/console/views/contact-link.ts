import type { HandoffContact } from "../../domain/handoff.js";
import { formatPhone } from "../../scheduling/format-slot.js";
import { html, type SafeHtml } from "../html.js";

/** A phone number as a tap-to-call link, an email as a mail link. */
export function contactLink(contact: Pick<HandoffContact, "kind" | "value">): SafeHtml {
  return contact.kind === "phone"
    ? html`<a class="mono" href="tel:${contact.value}">${formatPhone(contact.value)}</a>`
    : html`<a class="mono" href="mailto:${contact.value}">${contact.value}</a>`;
}
