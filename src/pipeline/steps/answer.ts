import type { Reply } from "../../domain/message.js";
import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";
import type { FaqEntry } from "../../knowledge/types.js";
import type { Language } from "../../templates.js";
import { fillClinic, languageOf, phrasesFor, replyFrom } from "../say.js";
import { carefulChoices, inCare } from "../care.js";

/** Turns between two soft invitations to book, so they do not come with every answer. */
const INVITE_EVERY_TURNS = 3;
/** Two answers fit one SMS reply up to this length (2 segments); longer, the second is offered. */
const SMS_BUDGET = 306;

/**
 * Answers FAQ matches with their curated text. A second question in the same message is
 * answered too when it fits, or offered ("want to hear about X too?").
 */
export const answer: Step<TurnContext> = async (ctx, next) => {
  const faqMatches = (ctx.match?.matches ?? []).filter((m) => m.kind === "faq");
  const [first, second] = faqMatches;
  if (!first || ctx.match?.matches[0]?.kind !== "faq") return next();
  ctx.state.misses = 0;
  ctx.state.suggested = undefined;
  // The same answer twice in a row helps nobody: say so and offer the next step.
  const last = ctx.state.lastAnswer;
  const entry = ctx.services.kb.faq.get(first.id);
  if (!second && entry && last?.faqId === first.id && last.turn === ctx.state.turns - 1) {
    const phrases = phrasesFor(ctx);
    ctx.personLine.intent = "repeat";
    ctx.replies.push(replyFrom("system", phrases.alreadyAnswered(inLanguage(entry, languageOf(ctx)).topic.toLowerCase()), { intent: "repeat", ...(carefulChoices(ctx.state, phrases.bookChoices) ? { choices: carefulChoices(ctx.state, phrases.bookChoices) } : {}) }));
    ctx.state.lastAnswer = { faqId: first.id, turn: ctx.state.turns };
    return;
  }
  const alternative = !second ? ctx.match?.alternative : undefined;
  answerFaq(ctx, first.id, { invite: !second && !alternative });
  if (alternative && !inCare(ctx.state)) offerAlternative(ctx, alternative.id);
  if (second && second.id !== first.id) {
    const firstEntry = ctx.services.kb.faq.get(first.id);
    const secondEntry = ctx.services.kb.faq.get(second.id);
    if (!firstEntry || !secondEntry) return;
    const smsLength = (text: string) => fillClinic(text, ctx.services.clinic).length;
    const language = languageOf(ctx);
    const fits = ctx.inbound.channel !== "sms" || smsLength(inLanguage(firstEntry, language).answers.sms) + smsLength(inLanguage(secondEntry, language).answers.sms) + 2 <= SMS_BUDGET;
    if (fits) {
      answerFaq(ctx, second.id);
    } else {
      ctx.state.offer = `faq:${second.id}`;
      ctx.replies.push(replyFrom("answer", phrasesFor(ctx).secondQuestionOffer(inLanguage(secondEntry, language).topic.toLowerCase()), { intent: "offer" }));
    }
  }
};

/** Pushes the curated answer of one entry, with a soft invitation to book now and then. */
export function answerFaq(ctx: TurnContext, faqId: string, options: { invite?: boolean } = {}): void {
  const entry = ctx.services.kb.faq.get(faqId);
  if (!entry) return;
  const { clinic } = ctx.services;
  const phrases = phrasesFor(ctx);
  const language = languageOf(ctx);
  const shown = inLanguage(entry, language);
  // An entry without a reviewed answer in the conversation's language: the English answer, said so first.
  if (language !== "en" && shown === entry) ctx.replies.push(replyFrom("system", phrases.answerNotTranslated, { intent: "not-translated", faqId: entry.id }));
  const reply: Reply = {
    kind: "answer",
    text: fillClinic(shown.answers.web, clinic, shown === entry ? "en" : language),
    smsText: fillClinic(shown.answers.sms, clinic, shown === entry ? "en" : language),
    intent: "faq",
    faqId: entry.id,
    // An answer that offers a person (cost and insurance) makes the offer something to press.
    ...(entry.offersPerson && carefulChoices(ctx.state, phrases.bookChoices) ? { choices: carefulChoices(ctx.state, phrases.bookChoices) } : {}),
  };
  ctx.replies.push(reply);
  ctx.state.lastFaqId = entry.id;
  ctx.state.lastAnswer = { faqId: entry.id, turn: ctx.state.turns };
  if (options.invite !== false && !entry.offersPerson && shouldInvite(ctx, reply)) {
    ctx.replies.push(replyFrom("answer", phrases.bookingInvite, { intent: "invite", choices: phrases.bookChoices }));
    ctx.state.lastInviteTurn = ctx.state.turns;
    ctx.state.offer = "book";
  }
}

/** "Or were you asking about {topic}?" with the runner-up entry as one choice (it is a suggestion, for insights). */
function offerAlternative(ctx: TurnContext, faqId: string): void {
  const entry = ctx.services.kb.faq.get(faqId);
  if (!entry) return;
  const topic = inLanguage(entry, languageOf(ctx)).topic;
  const choice = { title: topic, payload: `faq:${faqId}` };
  ctx.state.suggested = [choice.payload];
  // "forms of ketamine (IV, IM, ...)": the first letter lowered, acronyms ("FDA status") kept.
  const inSentence = /^[A-Z][a-z]/.test(topic) ? topic[0]!.toLowerCase() + topic.slice(1) : topic;
  ctx.replies.push(replyFrom("answer", phrasesFor(ctx).alternativeOffer(inSentence), { intent: "alternative", choices: [choice] }));
}

/** The entry's topic and answers in a language: its reviewed `es:` block in Spanish, else the entry itself (English). */
export function inLanguage(entry: FaqEntry, language: Language): Pick<FaqEntry, "topic" | "answers"> {
  return language === "es" && entry.es ? entry.es : entry;
}

function shouldInvite(ctx: TurnContext, reply: Reply): boolean {
  const { state } = ctx;
  if (inCare(state) || state.dialog) return false;
  // The answer itself already points to the consult.
  if (/\bconsult|\bconsulta\b/i.test(reply.text)) return false;
  return state.lastInviteTurn === undefined || state.turns - state.lastInviteTurn >= INVITE_EVERY_TURNS;
}
