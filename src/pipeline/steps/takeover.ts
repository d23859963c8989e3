import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { phrasesFor, replyFrom } from "../say.js";

/**
 * While a staff member has claimed the conversation the bot stays quiet, telling the
 * person once that a person is answering. The message still lands in the transcript.
 */
export const takeover: Step<TurnContext> = async (ctx, next) => {
  const claim = ctx.state.takeover;
  if (!claim) return next();
  // A claim whose handoff is resolved or gone (expired) must not silence the bot for good.
  const handoff = await ctx.services.store.handoffs.get(claim.handoffId);
  if (!handoff || handoff.status === "resolved") {
    ctx.state.takeover = undefined;
    if (ctx.state.handoffId === claim.handoffId) ctx.state.handoffId = undefined;
    return next();
  }
  if (!claim.told) {
    ctx.replies.push(replyFrom("staff", phrasesFor(ctx).staffTakeover, { intent: "takeover" }));
    ctx.state.takeover = { ...claim, told: true };
  }
};
