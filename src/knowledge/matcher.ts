import { memoByText } from "../util/memo.js";
import type { TextClassifier, Prediction } from "../nlu/text-classifier.js";
import type { NearestExamples } from "../nlu/nearest.js";
import { splitClauses } from "./clauses.js";
import { OUT_OF_SCOPE, PERSONAL_MEDICAL } from "./understanding-model.js";
import type { OtherTreatments } from "./other-treatment.js";
import type { KnowledgeBase, LearnedPhrasing, Match, MatchContext, MatchResult, Matcher } from "./types.js";

/**
 * How the two signals combine and where the matcher stops guessing. Measured with `npm run eval`
 * (cross-validation on the training data) and checked on the spent blind set faq-A (a grid over
 * the four values: answers, suggestions and out-of-scope handling stayed flat around these), never
 * on an unread set. A suggestion needs 0.1: below that it was noise ("did you mean: waiting" for
 * gibberish) and never the right entry on faq-A.
 */
export interface MatcherTuning {
  /** Weight of the nearest written examples against the classifier (0 = classifier only). */
  readonly nearestWeight: number;
  /** Combined probability at or above which the top entry or intent is answered. */
  readonly answerAt: number;
  /** Probability at or above which "out of scope" or "personal medical" is taken as such. */
  readonly otherAt: number;
  /** A suggestion needs at least this probability. */
  readonly suggestAt: number;
}

export const DEFAULT_TUNING: MatcherTuning = { nearestWeight: 0.3, answerAt: 0.4, otherAt: 0.45, suggestAt: 0.1 };

/** At most this many questions answered from one message; the pipeline offers the rest. */
const MAX_MATCHES = 2;
const MAX_SUGGESTIONS = 3;
/** Intents that say nothing the person needs answered when a real question comes with them. */
const SOCIAL_INTENTS = new Set(["greeting", "thanks", "goodbye", "yes", "no"]);
/** "How long do they last?": a plural pronoun points back to the last topic. */
const STRONG_ANAPHOR = /\b(they|them|those|these)\b/i;
/**
 * A message at least this similar (TF-IDF cosine over words and word pairs) to a phrasing a
 * clinician approved is answered with that phrasing's entry. High on purpose: the approved
 * phrasing itself and its small variations, not whatever shares a word with it.
 */
export const LEARNED_AT = 0.8;

/**
 * How many texts' rankings each matcher remembers. A ranking is about a hundred labels (a few KB),
 * so this is at most about a megabyte; repeated questions ("how much does it cost") skip the
 * feature extraction, the classifier and the nearest-example vote.
 */
const RANK_CACHE_SIZE = 256;

/**
 * The runner-up entry is offered beside an answer at this probability. Measured on the 4,304 topic
 * questions of the spent blind sets (faq-A to G, es-D to G): the matcher answered 56 confidently and
 * wrongly, 50 of them with the right entry second; at 0.1 the offer reaches 47 of the 56 and comes
 * with 14% of answers (0.15: 45 and 8%; 0.2: 37 and 5%).
 */
const ALTERNATIVE_AT = 0.1;

/**
 * The offline matcher: the question classifier (src/nlu/) and the nearest written examples,
 * blended; a message with two questions is read clause by clause; a short follow-up that points
 * back ("how long do they last?") is read with the pronoun replaced by the last answer's subject.
 * Never guesses: below the answer threshold it offers suggestions instead.
 * @param nearest the index of the examples the classifier learned from ({@link nearestExamplesOf},
 *   or the model cache's copy of it)
 */
export function createMatcher(
  kb: KnowledgeBase,
  classifier: TextClassifier,
  nearest: NearestExamples,
  tuning: MatcherTuning = DEFAULT_TUNING,
  others?: OtherTreatments,
): Matcher {
  /** Phrasings approved at run time, as weighted word vectors with their norms. */
  let learned: { faqId: string; weights: Map<string, number>; norm: number }[] = [];
  const vector = (text: string) => {
    const weights = nearest.weigh(classifier.features(text));
    let sum = 0;
    for (const w of weights.values()) sum += w * w;
    return { weights, norm: Math.sqrt(sum) };
  };
  const cosine = (a: { weights: Map<string, number>; norm: number }, b: { weights: Map<string, number>; norm: number }): number => {
    if (a.norm === 0 || b.norm === 0) return 0;
    let dot = 0;
    for (const [name, w] of a.weights) dot += w * (b.weights.get(name) ?? 0);
    return dot / (a.norm * b.norm);
  };
  /** The closest learned phrasing's entry when it is close enough, else null. */
  const learnedMatch = (text: string): Match | null => {
    if (learned.length === 0) return null;
    const v = vector(text);
    let best: Match | null = null;
    for (const l of learned) {
      const s = cosine(v, l);
      if (s >= LEARNED_AT && (!best || s > best.score) && kb.faq.has(l.faqId)) best = { kind: "faq", id: l.faqId, score: Math.round(s * 1000) / 1000 };
    }
    return best;
  };

  const toMatch = (label: string, score: number): Match | null => {
    const rounded = Math.round(score * 1000) / 1000;
    if (label.startsWith("intent:")) {
      const id = label.slice(7);
      return kb.intents.has(id) ? { kind: "intent", id, score: rounded } : null;
    }
    return kb.faq.has(label) ? { kind: "faq", id: label, score: rounded } : null;
  };

  /**
   * Every label with its blended probability, most likely first. A pure function of the text,
   * remembered for the most recent texts (see {@link RANK_CACHE_SIZE}); callers only read it.
   */
  const rank = memoByText(rankUncached, RANK_CACHE_SIZE);
  function rankUncached(text: string): readonly Prediction[] {
    const bag = classifier.features(text);
    const votes = tuning.nearestWeight > 0 ? nearest.vote(bag) : new Map<string, number>();
    const w = votes.size > 0 ? tuning.nearestWeight : 0;
    return classifier
      .predictBag(bag)
      .map((p) => ({ label: p.label, probability: (1 - w) * p.probability + w * (votes.get(p.label) ?? 0) }))
      .sort((a, b) => b.probability - a.probability);
  }

  /** The text with its first plural pronoun replaced by what the entry `about` is about, if it says. */
  const resolvePronoun = (text: string, about: string | undefined): string => {
    const subject = about ? kb.faq.get(about)?.subject : undefined;
    return subject && STRONG_ANAPHOR.test(text) ? text.replace(STRONG_ANAPHOR, subject) : text;
  };

  /**
   * The `limit` most likely answerable candidates of a ranking (entries and intents that exist).
   * A ranking holds every label, about fifty; a turn reads at most the first few.
   */
  const answerable = (ranked: readonly Prediction[], limit: number): Match[] => {
    const out: Match[] = [];
    for (const p of ranked) {
      if (out.length >= limit) break;
      const m = p.label === OUT_OF_SCOPE || p.label === PERSONAL_MEDICAL ? null : toMatch(p.label, p.probability);
      if (m) out.push(m);
    }
    return out;
  };

  return {
    preparation: () => [() => classifier.prepare()],
    learn(phrasings: readonly LearnedPhrasing[]): void {
      learned = phrasings.map((p) => ({ faqId: p.faqId, ...vector(p.text) }));
    },
    similarity(a: string, b: string): number {
      return cosine(vector(a), vector(b));
    },
    match(said: string, context: MatchContext = {}): MatchResult {
      // A short follow-up pointing back ("how long do they last?", "and how many of those would I need?")
      // is read with the pronoun replaced by what the last answer was about.
      const text = said.split(/\s+/).length <= 10 ? resolvePronoun(said, context.lastFaqId) : said;
      const whole = rank(text);
      const clauses = splitClauses(text);
      const questions = clauses.filter((c) => c.question);
      // A story around the question: read the question alone too, and keep the more certain reading.
      let ranked = whole;
      if (questions.length > 0 && questions.length < clauses.length) {
        const focused = rank(questions.map((c) => c.text).join(" "));
        if ((focused[0]?.probability ?? 0) > (whole[0]?.probability ?? 0)) ranked = focused;
      }
      const top = ranked[0];
      // The best, the runner-up offered beside it, and the suggestions.
      const candidates = answerable(ranked, Math.max(2, MAX_SUGGESTIONS));
      const best = candidates[0] ?? null;
      if (!top) return { verdict: "unsure", matches: [], best: null, suggestions: [] };

      // Two questions in one message: each question clause read on its own; a pronoun in a later
      // clause points back to the clause before it ("what are the side effects and how long do they last").
      if (questions.length >= 2) {
        const perQuestion: Match[] = [];
        let previous = context.lastFaqId;
        for (const q of questions) {
          const m = answerable(rank(resolvePronoun(q.text, previous)), 1)[0];
          if (m && m.score >= tuning.answerAt) {
            perQuestion.push(m);
            if (m.kind === "faq") previous = m.id;
          }
        }
        const distinct = dedupe(perQuestion);
        if (distinct.length >= 2) return { verdict: "answer", matches: withoutSocial(distinct).slice(0, MAX_MATCHES), best };
        if (distinct.length === 1 && perQuestion.length >= 2) return { verdict: "answer", matches: distinct, best };
      }

      if (top.label === PERSONAL_MEDICAL && top.probability >= tuning.otherAt) return { verdict: "personal-medical", matches: [], best };
      // A phrasing a clinician approved at run time answers as the written examples do at build time
      // (never over a question about the person's own health, which stays the clinician's).
      const taught = best && best.score >= tuning.answerAt ? null : learnedMatch(said);
      if (taught) return { verdict: "answer", matches: [taught], best: taught };

      if (top.label === OUT_OF_SCOPE && top.probability >= tuning.otherAt) {
        const other = others?.subjectOf(said);
        return { verdict: "out-of-scope", matches: [], best, ...(other ? { otherTreatment: other } : {}) };
      }
      if (best && best.score >= tuning.answerAt) {
        // "What are the side effects of lithium?": the words of a ketamine question about another medicine.
        const other = best.kind === "faq" && others?.topics.has(best.id) ? others.subjectOf(said) : null;
        if (other) return { verdict: "out-of-scope", matches: [], best, otherTreatment: other };
        // A confident wrong answer usually has the right entry second: it is offered in one tap.
        const runnerUp = candidates[1];
        const alternative = best.kind === "faq" && runnerUp?.kind === "faq" && runnerUp.score >= ALTERNATIVE_AT ? runnerUp : undefined;
        return { verdict: "answer", matches: [best], best, ...(alternative ? { alternative } : {}) };
      }

      const suggestions = candidates.filter((c) => c.score >= tuning.suggestAt).slice(0, MAX_SUGGESTIONS);
      return { verdict: "unsure", matches: [], best, suggestions };
    },
  };
}

function dedupe(matches: readonly Match[]): Match[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.kind}:${m.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function withoutSocial(matches: Match[]): Match[] {
  return matches.some((m) => m.kind === "faq") ? matches.filter((m) => !(m.kind === "intent" && SOCIAL_INTENTS.has(m.id))) : matches;
}
