import type { Choice } from "../../domain/message.js";
import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import { languageOf, phrasesFor, replyFrom, withLine } from "../say.js";
import { inLanguage } from "./answer.js";
import { handOff } from "./hand-off.js";
import { inCare } from "../care.js";

/**
 * Nothing was answered. A question about the person's own health goes to a clinician; otherwise
 * the bot does not guess: when it has likely topics it asks "did you mean" (buttons on the web,
 * a numbered list by SMS, and "something else"), else it says what it can help with. A second
 * miss in a row hands the conversation to staff. Every not-understood reply carries one short
 * line naming 988.
 */
export const fallback: Step<TurnContext> = async (ctx) => {
  const { kb } = ctx.services;
  const phrases = phrasesFor(ctx);
  const match = ctx.match;
  if (match?.verdict === "personal-medical") {
    ctx.personLine.intent = "medical-question";
    ctx.state.misses = 0;
    ctx.replies.push(replyFrom("deflection", phrases.medicalDeflection, { intent: "medical-question", choices: phrases.bookChoices }));
    ctx.state.offer = "book";
    return;
  }
  ctx.personLine.intent = match?.verdict === "out-of-scope" ? "out-of-scope" : "not-understood";
  ctx.state.misses += 1;
  if (ctx.state.misses >= 2) {
    ctx.state.suggested = undefined;
    await handOff(ctx, "not-understood", withLine(phrases.notUnderstoodHandoff, phrases.fallbackSafetyLine));
    return;
  }
  if (inCare(ctx.state)) {
    ctx.replies.push(replyFrom("fallback", phrases.crisisFollowUp, { intent: "fallback" }));
    return;
  }
  const suggestions = (match?.verdict === "unsure" ? (match.suggestions ?? []) : []).flatMap((s): Choice[] => {
    if (s.kind === "faq") {
      const entry = kb.faq.get(s.id);
      return entry ? [{ title: inLanguage(entry, languageOf(ctx)).topic, payload: `faq:${s.id}` }] : [];
    }
    const intent = kb.intents.get(s.id);
    const title = (phrases.intentTitles as Readonly<Record<string, string>>)[s.id] ?? intent?.title ?? intent?.description ?? s.id;
    return intent ? [{ title, payload: `intent:${s.id}` }] : [];
  });
  if (suggestions.length > 0) {
    ctx.personLine.intent = "suggestions";
    ctx.state.suggested = suggestions.map((c) => c.payload);
    ctx.replies.push(replyFrom("fallback", withLine(phrases.didYouMean, phrases.fallbackSafetyLine), { intent: "suggestions", choices: [...suggestions, phrases.somethingElse] }));
    return;
  }
  const phrase = match?.otherTreatment ? phrases.otherTreatment(match.otherTreatment) : match?.verdict === "out-of-scope" ? phrases.outOfScope : phrases.fallback;
  ctx.replies.push(replyFrom("fallback", withLine(phrase, phrases.fallbackSafetyLine), { intent: "fallback", choices: phrases.menuChoices }));
};
