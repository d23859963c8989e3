import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { phrasesFor, replyFrom } from "../say.js";

/**
 * Individual medical questions go to a clinician at the consult; manipulation attempts
 * get a fixed deflection. Neither reaches the matcher, so no curated answer is bent to fit.
 */
export const guard: Step<TurnContext> = async (ctx, next) => {
  const { verdict } = ctx;
  if (verdict.kind === "medical") {
    ctx.personLine.intent = "medical-question";
    ctx.replies.push(replyFrom("deflection", phrasesFor(ctx).medicalDeflection, { intent: "medical-question", choices: phrasesFor(ctx).bookChoices }));
    ctx.state.offer = "book";
    ctx.state.misses = 0;
    return;
  }
  if (verdict.kind === "manipulation") {
    ctx.personLine.intent = "manipulation";
    ctx.replies.push(replyFrom("deflection", phrasesFor(ctx).manipulationDeflection, { intent: "manipulation", choices: phrasesFor(ctx).menuChoices }));
    return;
  }
  return next();
};
