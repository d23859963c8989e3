import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { withLine } from "../say.js";
import { replyFrom } from "../say.js";
import { handOff } from "./hand-off.js";
import { inCare } from "../care.js";

/**
 * Nothing matched with confidence: the bot does not guess. It says what it can help with
 * (or offers the likeliest topics, see the understand step); a second miss in a row hands the
 * conversation to staff. Every not-understood reply carries one short line naming 988.
 */
export const fallback: Step<TurnContext> = async (ctx) => {
  const { phrases } = ctx.services;
  ctx.personLine.intent = "not-understood";
  ctx.state.misses += 1;
  if (ctx.state.misses >= 2) {
    await handOff(ctx, "not-understood", withLine(phrases.notUnderstoodHandoff, phrases.fallbackSafetyLine));
    return;
  }
  if (inCare(ctx.state)) {
    ctx.replies.push(replyFrom("fallback", phrases.crisisFollowUp, { intent: "fallback" }));
    return;
  }
  ctx.replies.push(replyFrom("fallback", withLine(phrases.fallback, phrases.fallbackSafetyLine), { intent: "fallback", choices: phrases.menuChoices }));
};
