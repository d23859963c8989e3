import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { phrasesIn, replyFrom } from "../say.js";
import { answerFaq } from "./answer.js";

/**
 * The possible-risk tier. A message the screen reads as a possible risk (a passive death wish,
 * a weaker cue) gets a warm check-in that names 988 and 911 and asks whether the person is
 * safe, and a flagged handoff staff see; the conversation can go on afterwards. An answer to
 * the check-in that says the person is safe gets a short reply; a dialog in progress ends at the
 * check-in, so "yes, I'm safe" can never confirm a booking.
 */
export const checkIn: Step<TurnContext> = async (ctx, next) => {
  const { verdict, services, state } = ctx;
  if (verdict.kind === "risk") {
    ctx.personLine.risk = true;
    ctx.personLine.intent = "possible-risk";
    const raised = await services.handoffs.raise({ conversationId: ctx.inbound.conversationId, channel: ctx.inbound.channel, reason: "possible-risk" }, "normal");
    if (raised.saved) state.handoffId = raised.handoff.id;
    state.careSince = services.now().toISOString();
    state.offer = undefined;
    // The window starts again from this message: it is read with the next message only for a
    // crisis (the screen raises no second check-in from it), then it leaves the window.
    state.recent = state.recent?.slice(-1) ?? [];
    // A dialog in progress ends here: a "yes" to "are you safe?" must never confirm a booking.
    const flow = state.dialog ? [...services.flows.values()].find((f) => f.name === state.dialog?.name) : undefined;
    if (flow) await flow.abandon(ctx);
    else state.dialog = null;
    // The screen's reading of this message wins: a Spanish cry for help gets the Spanish check-in.
    const language = verdict.language === "es" ? "es" : state.language;
    ctx.replies.push(replyFrom("checkin", phrasesIn(services, language).checkIn, { intent: "check-in" }));
    // A question about suicidal thoughts in general is answered too, after the check-in (never in its
    // place); a matcher that fails leaves the check-in as it is.
    try {
      const match = services.matcher.match(ctx.inbound.text);
      const first = match.verdict === "answer" && match.matches.length === 1 ? match.matches[0] : undefined;
      if (first?.kind === "faq" && services.kb.faq.get(first.id)?.answersBesideCheckIn) answerFaq(ctx, first.id, { invite: false });
    } catch (err) {
      services.logger.warn({ err }, "no answer beside the check-in");
    }
    return;
  }
  if (state.askedIfSafe && services.safety.checkInAnswer(ctx.inbound.text) === "safe") {
    ctx.personLine.intent = "check-in-safe";
    ctx.replies.push(replyFrom("system", phrasesIn(services, state.language).checkInSafe, { intent: "check-in-safe" }));
    return;
  }
  return next();
};
