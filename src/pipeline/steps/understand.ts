import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";

/** Runs the offline matcher with the conversation's context (for follow-up questions). */
export const understand: Step<TurnContext> = async (ctx, next) => {
  const { lastFaqId } = ctx.state;
  ctx.match = ctx.services.matcher.match(ctx.inbound.text, lastFaqId ? { lastFaqId } : {});
  const first = ctx.match.matches[0];
  if (first) {
    ctx.personLine.intent = first.kind === "faq" ? "faq" : first.id;
    if (first.kind === "faq") ctx.personLine.faqId = first.id;
  }
  return next();
};
