import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { routeUnsure } from "../../llm/route-unsure.js";

/** Runs the offline matcher with the conversation's context (for follow-up questions), then the router if unsure. */
export const understand: Step<TurnContext> = async (ctx, next) => {
  const { lastFaqId } = ctx.state;
  ctx.match = ctx.services.matcher.match(ctx.inbound.text, lastFaqId ? { lastFaqId } : {});
  // Not confident offline: the optional OpenAI router may pick a curated entry (never text) within its budget.
  ctx.match = await routeUnsure(ctx.services.router, ctx.match, { text: ctx.inbound.text, conversationId: ctx.inbound.conversationId, ...(lastFaqId ? { lastFaqId } : {}) });
  const first = ctx.match.matches[0];
  if (first) {
    ctx.personLine.intent = first.kind === "faq" ? "faq" : first.id;
    if (first.kind === "faq") ctx.personLine.faqId = first.id;
  }
  return next();
};
