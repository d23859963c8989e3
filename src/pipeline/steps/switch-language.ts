import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { phrasesFor, replyFrom } from "../say.js";

/**
 * "English", "Español", "in english please", the web's language button: the conversation goes
 * on in that language, which no guess changes afterwards. Runs after the safety check-in (a
 * message at risk is answered first) and before everything else, so a dialog in progress keeps
 * its place and its next question comes in the new language.
 */
export const switchLanguage: Step<TurnContext> = async (ctx, next) => {
  const asked = ctx.services.languages.switch.requested(ctx.inbound.text);
  if (!asked) return next();
  ctx.state.language = asked;
  ctx.state.languageChosen = true;
  ctx.personLine.intent = `language-${asked}`;
  const phrases = phrasesFor(ctx);
  const flow = ctx.state.dialog ? [...ctx.services.flows.values()].find((f) => f.name === ctx.state.dialog?.name) : undefined;
  ctx.replies.push(replyFrom("system", phrases.languageSwitched, { intent: `language-${asked}`, ...(flow ? {} : { choices: phrases.menuChoices }) }));
  if (flow) {
    const question = flow.resume(ctx);
    if (question) ctx.replies.push(question);
  }
  return;
};
