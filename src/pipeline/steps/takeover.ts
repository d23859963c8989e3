import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { replyFrom } from "../say.js";

/**
 * While a staff member has claimed the conversation the bot stays quiet, telling the
 * person once that a person is answering. The message still lands in the transcript.
 */
export const takeover: Step<TurnContext> = async (ctx, next) => {
  const claim = ctx.state.takeover;
  if (!claim) return next();
  if (!claim.told) {
    ctx.replies.push(replyFrom("staff", ctx.services.phrases.staffTakeover, { intent: "takeover" }));
    ctx.state.takeover = { ...claim, told: true };
  }
};
