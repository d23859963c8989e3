import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { phrasesFor, replyFrom } from "../say.js";
import { answerFaq } from "./answer.js";

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
  } else if (ASKED.test(ctx.inbound.text)) {
    // "do you speak spanish?" is also a question about the clinic: its answer (who speaks what) follows, in the new language.
    const match = ctx.services.matcher.match(ctx.inbound.text);
    const first = match.verdict === "answer" ? match.matches[0] : undefined;
    if (first?.kind === "faq") answerFaq(ctx, first.id, { invite: false });
  }
  return;
};

/** A request for a language asked as a question ("spanish?", "do you speak spanish", "¿hablan español?"), not a plain choice ("Español"). */
const ASKED = /\?\s*$|^\s*(?:do|does|can|could|is|are|anyone|somebody|someone|hablan|habla|hay alguien|alguien)\b/i;
