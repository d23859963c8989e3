import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { languageOf, phrasesFor, replyFrom } from "../say.js";
import { answerFaq } from "./answer.js";
import { handOff } from "./hand-off.js";
import { carefulChoices, inCare } from "../care.js";
import { nextOpening } from "../../clinic/hours.js";
import { formatSlot } from "../../scheduling/format-slot.js";
import type { Choice } from "../../domain/message.js";

/** The FAQ entry about prices and insurance (faq/cost-and-insurance.yaml). */
const COST_FAQ_ID = "cost-and-insurance";

/** Non-FAQ intents: greeting, help, a person, thanks, goodbye, yes/no, and the dialogs. */
export const intents: Step<TurnContext> = async (ctx, next) => {
  const first = ctx.match?.matches[0];
  if (first?.kind !== "intent") return next();
  const { flows } = ctx.services;
  const phrases = phrasesFor(ctx);
  ctx.state.misses = 0;
  const intent = first.id;

  const flow = flows.get(intent);
  if (flow) {
    ctx.state.offer = undefined;
    return flow.start(ctx, intent);
  }

  const offer = (choices: readonly Choice[]) => {
    const kept = carefulChoices(ctx.state, choices);
    return kept ? { choices: kept } : {};
  };
  switch (intent) {
    case "greeting":
      // "hello?" while waiting for staff is about the wait, not a new conversation.
      if (await waitingFor(ctx)) return replyWaiting(ctx);
      ctx.replies.push(replyFrom("menu", phrases.greeting, { intent, ...offer(phrases.menuChoices) }));
      return;
    case "waiting":
      if (await waitingFor(ctx)) return replyWaiting(ctx);
      ctx.replies.push(replyFrom("system", phrases.notWaiting, { intent, choices: [phrases.bookChoices[1]!] }));
      return;
    case "my-booking":
      return replyWithCall(ctx);
    case "help":
      ctx.replies.push(replyFrom("menu", phrases.menu, { intent, ...offer(phrases.menuChoices) }));
      return;
    case "human": {
      // Right after the cost answer, staff should know the person wants to talk money.
      const handoff = await handOff(ctx, ctx.state.lastFaqId === COST_FAQ_ID ? "cost-insurance" : "asked-for-person", phrases.humanHandoff);
      // A web visitor may close the tab before staff answer: when to expect it, and how to reach them (optional).
      if (ctx.inbound.channel === "web" && !handoff.contact && handoff.status === "open") {
        ctx.state.contactAsk = handoff.id;
        ctx.replies.push(replyFrom("system", phrases.askContact(nextOpening(ctx.services.clinic, ctx.services.now())), { intent: "waiting" }));
      }
      return;
    }
    case "thanks":
      ctx.replies.push(replyFrom("system", phrases.thanks, { intent }));
      return;
    case "goodbye":
      ctx.replies.push(replyFrom("system", inCare(ctx.state) ? phrases.goodbyeCareful : phrases.goodbye, { intent }));
      return;
    case "yes":
      return acceptOffer(ctx);
    case "no": {
      const hadOffer = ctx.state.offer !== undefined;
      ctx.state.offer = undefined;
      ctx.replies.push(replyFrom("system", hadOffer ? phrases.noProblem : phrases.menu, { intent, ...offer(phrases.menuChoices) }));
      return;
    }
    case "book":
    case "reschedule":
    case "cancel":
      // No dialog is registered for it (no scheduler configured): a person takes it from here.
      await handOff(ctx, "booking-problem", phrases.humanHandoff);
      return;
    default:
      return next();
  }
};

/** Whether the conversation has a handoff staff have not taken up yet. */
async function waitingFor(ctx: TurnContext): Promise<boolean> {
  const id = ctx.state.handoffId;
  if (!id || ctx.state.takeover) return false;
  const handoff = await ctx.services.store.handoffs.get(id);
  return handoff !== null && handoff.status === "open";
}

/** When staff will read the conversation, from the clinic's office hours. */
function replyWaiting(ctx: TurnContext): void {
  const { clinic, now } = ctx.services;
  const phrases = phrasesFor(ctx);
  ctx.personLine.intent = "waiting";
  ctx.replies.push(replyFrom("system", phrases.waitingForStaff(nextOpening(clinic, now(), languageOf(ctx))), { intent: "waiting" }));
}

/** "When is my call?": its time in the person's zone and how to change it. */
async function replyWithCall(ctx: TurnContext): Promise<void> {
  const { calls } = ctx.services;
  const phrases = phrasesFor(ctx);
  const call = calls ? await calls.find(ctx.inbound) : null;
  ctx.replies.push(
    call
      ? replyFrom("system", phrases.yourCall(formatSlot(call.start, call.timeZone, { locale: phrases.words.locale, slotFormat: phrases.words.slotFormat })), { intent: "my-booking" })
      : replyFrom("system", phrases.noCallFound, { intent: "my-booking", ...(carefulChoices(ctx.state, phrases.bookChoices) ? { choices: carefulChoices(ctx.state, phrases.bookChoices) } : {}) }),
  );
}

/** "yes" accepts what the bot offered last: booking, or the answer to a second question. */
async function acceptOffer(ctx: TurnContext): Promise<void> {
  const offer = ctx.state.offer;
  ctx.state.offer = undefined;
  const { flows } = ctx.services;
  const phrases = phrasesFor(ctx);
  if (offer === "book") {
    const flow = flows.get("book");
    if (flow) return flow.start(ctx, "book");
    await handOff(ctx, "booking-problem", phrases.humanHandoff);
    return;
  }
  if (offer?.startsWith("faq:")) {
    const entry = ctx.services.kb.faq.get(offer.slice(4));
    if (entry) return answerFaq(ctx, entry.id);
  }
  ctx.replies.push(replyFrom("menu", phrases.menu, { intent: "yes", ...(carefulChoices(ctx.state, phrases.menuChoices) ? { choices: carefulChoices(ctx.state, phrases.menuChoices) } : {}) }));
}
