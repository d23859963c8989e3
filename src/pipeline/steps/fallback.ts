import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { replyFrom } from "../say.js";
import { handOff } from "./hand-off.js";

/**
 * Nothing matched with confidence: the bot does not guess. It says what it can help
 * with; a second miss in a row hands the conversation to staff.
 */
export const fallback: Step<TurnContext> = async (ctx) => {
  const { phrases } = ctx.services;
  ctx.personLine.intent = "not-understood";
  ctx.state.misses += 1;
  if (ctx.state.misses >= 2) {
    await handOff(ctx, "not-understood", phrases.notUnderstoodHandoff);
    return;
  }
  const phrase = ctx.state.crisis ? phrases.crisisFollowUp : phrases.fallback;
  ctx.replies.push(replyFrom("fallback", phrase, { intent: "fallback", choices: phrases.menuChoices }));
};
