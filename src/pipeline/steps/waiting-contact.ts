import { z } from "zod";
import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { phrasesFor, replyFrom } from "../say.js";
import { nextOpening } from "../../clinic/hours.js";
import { findPhone } from "../../text/contact-parsing.js";
import { formatPhone } from "../../scheduling/format-slot.js";
import type { HandoffContact } from "../../domain/handoff.js";

const email = z.email();
/** "no", "no thanks", "skip", "I'd rather not": the contact is optional. */
const DECLINE = /^(no+|nope|nah|no,? thanks?( you)?|skip|not now|i'?d rather not|rather not|no need|i'?ll wait( here)?)[.!]*$/i;

/** A phone number or email address in the message, or null. */
export function contactIn(text: string, at: Date): HandoffContact | null {
  const address = /[^\s<>()@,;:]+@[^\s<>()@,;:]+\.[a-z]{2,}/i.exec(text)?.[0];
  if (address && email.safeParse(address).success) return { kind: "email", value: address.toLowerCase(), at: at.toISOString() };
  const phone = findPhone(text);
  return phone.kind === "valid" ? { kind: "phone", value: phone.e164, at: at.toISOString() } : null;
}

/**
 * A web visitor waiting for staff was asked how to reach them. A number or email in their
 * next messages is stored with the handoff (staff see it in the queue); "no" is fine too.
 * Anything else goes on through the pipeline ("hello?" and "how long?" are answered with the
 * wait). Runs after the safety screen and the staff takeover, so a crisis is always answered
 * first and a claimed conversation stays with staff.
 */
export const waitingContact: Step<TurnContext> = async (ctx, next) => {
  const handoffId = ctx.state.contactAsk;
  // A number typed into a booking dialog is the booking's, not the handoff's.
  if (!handoffId || ctx.state.dialog) return next();
  const { store, clinic, now } = ctx.services;
  const phrases = phrasesFor(ctx);
  const handoff = await store.handoffs.get(handoffId);
  if (handoff?.status !== "open" || handoff.contact) {
    ctx.state.contactAsk = undefined;
    return next();
  }
  const text = ctx.inbound.text.trim();
  if (DECLINE.test(text)) {
    ctx.state.contactAsk = undefined;
    ctx.personLine.intent = "waiting";
    ctx.replies.push(replyFrom("system", phrases.waitingForStaff(nextOpening(clinic, now())), { intent: "waiting" }));
    return;
  }
  const contact = contactIn(text, now());
  if (!contact) return next();
  await store.handoffs.setContact(handoffId, contact, now());
  ctx.state.contactAsk = undefined;
  ctx.personLine.intent = "contact";
  ctx.replies.push(replyFrom("system", phrases.contactSaved(contact.kind === "phone" ? formatPhone(contact.value) : contact.value), { intent: "waiting" }));
};
