import type { Handoff, HandoffReason } from "../../domain/handoff.js";
import type { TurnContext } from "../context.js";
import type { Phrase } from "../../domain/phrases.js";
import { replyFrom } from "../say.js";

/** Opens a handoff for this conversation and tells the person what happens next. */
export async function handOff(ctx: TurnContext, reason: HandoffReason, phrase: Phrase, details?: string): Promise<Handoff> {
  const handoff = await ctx.services.handoffs.open({
    conversationId: ctx.inbound.conversationId,
    channel: ctx.inbound.channel,
    reason,
    ...(details ? { details } : {}),
  });
  ctx.state.handoffId = handoff.id;
  (ctx.facts ??= {}).handoff = { reason, urgency: handoff.urgency };
  ctx.state.misses = 0;
  ctx.replies.push(replyFrom("handoff", phrase, { intent: "handoff" }));
  return handoff;
}
