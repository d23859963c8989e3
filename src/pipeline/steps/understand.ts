import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import type { MatchResult } from "../../knowledge/types.js";
import { routeUnsure } from "../../llm/route-unsure.js";

/** The payload of a "did you mean" choice: `faq:<id>` or `intent:<id>`. */
const PICKED = /^(faq|intent):([a-z0-9-]+)$/;

/**
 * Works out what the message asks: a suggestion the person picked, else the offline matcher
 * with the conversation's context (for follow-ups), then the optional OpenAI router if unsure.
 */
export const understand: Step<TurnContext> = async (ctx, next) => {
  const { lastFaqId } = ctx.state;
  ctx.match = picked(ctx) ?? ctx.services.matcher.match(ctx.inbound.text, lastFaqId ? { lastFaqId } : {});
  // Not confident offline: the optional OpenAI router may pick a curated entry (never text) within its budget.
  if (ctx.match.verdict === "unsure" || ctx.match.verdict === undefined) {
    ctx.match = await routeUnsure(ctx.services.router, ctx.match, { text: ctx.inbound.text, conversationId: ctx.inbound.conversationId, ...(lastFaqId ? { lastFaqId } : {}), ...(ctx.state.names ? { names: ctx.state.names } : {}) });
  }
  const first = ctx.match.matches[0];
  if (first) {
    ctx.personLine.intent = first.kind === "faq" ? "faq" : first.id;
    if (first.kind === "faq") ctx.personLine.faqId = first.id;
  }
  return next();
};

/** A "did you mean" choice the person picked, as a confident match. */
function picked(ctx: TurnContext): MatchResult | null {
  const m = PICKED.exec(ctx.inbound.text.trim());
  if (!m) return null;
  const [, kind, id] = m as unknown as [string, "faq" | "intent", string];
  const exists = kind === "faq" ? ctx.services.kb.faq.has(id) : ctx.services.kb.intents.has(id);
  if (!exists) return null;
  ctx.state.suggested = undefined;
  const match = { kind, id, score: 1 } as const;
  return { verdict: "answer", matches: [match], best: match, suggestions: [] };
}
