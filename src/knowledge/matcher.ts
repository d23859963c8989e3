import type { Analysis } from "./analyse.js";
import { splitClauses } from "./clauses.js";
import { KnowledgeIndex, type Query, type Scored, type ScoringParams } from "./knowledge-index.js";
import type { KnowledgeBase, Match, MatchContext, MatchResult, Matcher } from "./types.js";

/** Options for `createMatcher`; the defaults are what `npm run eval` measures. */
export interface MatcherOptions {
  /** Confidence below which the matcher does not guess (the pipeline shows its menu instead). */
  readonly threshold?: number;
  /** Constants of the confidence formula (see `DEFAULT_PARAMS`). */
  readonly params?: ScoringParams;
}

/** Confidence below which a match is not used. Tuned on eval/faq-dev.yaml (`npm run eval`). */
export const DEFAULT_THRESHOLD = 0.63;
/** How much the previous topic counts when a follow-up points back to it. */
const FOLLOW_UP_WEIGHT = 1;
/** Intents that say nothing the person needs answered when a real question comes with them. */
const SOCIAL_INTENTS = new Set(["greeting", "thanks", "goodbye", "yes", "no"]);
/** At most this many questions answered from one message; the pipeline offers the rest. */
const MAX_MATCHES = 2;

/**
 * Builds the offline matcher the pipeline uses: `createMatcher(kb).match(text, { lastFaqId })`.
 * Builds its index once (about 200 ms with the English dictionary); each match is well under 1 ms.
 */
export function createMatcher(kb: KnowledgeBase, options: MatcherOptions = {}): Matcher {
  const index = new KnowledgeIndex(kb, options.params);
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const confident = (s: Scored | undefined): s is Scored => s !== undefined && s.score >= threshold;

  /** Ranks one analysed clause or message; a follow-up may be read as being about `previous`. */
  function rankFollowing(query: Query, previous: string | undefined, anaphora: Analysis["anaphora"], size: number): Scored[] {
    const ranked = index.rank(query);
    const topic = previous === undefined ? undefined : index.topicOf(previous);
    // A message with a topic of its own is not a follow-up ("what about the cost?"), unless a plural
    // pronoun points back ("how long do they last?"); "it" usually means ketamine itself.
    const leans = anaphora === "strong" || ((anaphora === "weak" || size <= 2) && !confident(ranked[0]));
    if (!topic || !leans) return ranked;
    const followed = index.rank([...query, { analysis: topic, weight: FOLLOW_UP_WEIGHT }]);
    const top = followed[0];
    return top && top.label.kind === "faq" && top.label.id === previous && confident(top) ? followed : ranked;
  }

  return {
    match(text: string, context: MatchContext = {}): MatchResult {
      const clauses = splitClauses(text).map((c) => ({ ...c, analysis: index.analyser.analyse(c.text) }));
      // The question counts more than the story around it ("my psychiatrist mentioned it. how many sessions?"),
      // unless the question alone says too little ("what usually happens?"): then the message is read whole.
      const questionOnly: Query = clauses.filter((c) => c.question).map((c) => ({ analysis: c.analysis, weight: 1 }));
      const focused = questionOnly.length > 0 && questionOnly.length < clauses.length && confident(index.rank(questionOnly)[0]);
      const query: Query = focused
        ? clauses.map((c) => ({ analysis: c.analysis, weight: c.question ? 1 : index.params.storyWeight }))
        : [{ analysis: index.analyser.analyse(text), weight: 1 }];
      const anaphora = clauses.some((c) => c.analysis.anaphora === "strong") ? "strong" : clauses.some((c) => c.analysis.anaphora === "weak") ? "weak" : "none";
      const size = clauses.reduce((n, c) => n + c.analysis.tokens.length, 0);
      const ranked = rankFollowing(query, context.lastFaqId, anaphora, size);
      const first = ranked[0];
      if (!first) return { matches: [], best: null };
      const best = toMatch(first);

      // Two questions in one message: each question clause on its own, a later one may point back to an earlier one.
      const perQuestion: Scored[] = [];
      const questions = clauses.filter((c) => c.question && c.analysis.tokens.length > 0);
      if (questions.length >= 2) {
        let previous = context.lastFaqId;
        for (const q of questions) {
          const top = rankFollowing([{ analysis: q.analysis, weight: 1 }], previous, q.analysis.anaphora, q.analysis.tokens.length)[0];
          if (confident(top)) {
            perQuestion.push(top);
            if (top.label.kind === "faq") previous = top.label.id;
          }
        }
      }
      const distinct = dedupe(perQuestion);
      let matches: Match[] = distinct.length >= 2 ? distinct.map(toMatch) : confident(first) ? [best] : [];
      if (matches.some((m) => m.kind === "faq")) matches = matches.filter((m) => !(m.kind === "intent" && SOCIAL_INTENTS.has(m.id)));
      return { matches: matches.slice(0, MAX_MATCHES), best };
    },
  };
}

function dedupe(scored: readonly Scored[]): Scored[] {
  const seen = new Set<string>();
  return scored.filter((s) => {
    const key = `${s.label.kind}:${s.label.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toMatch(s: Scored): Match {
  return { kind: s.label.kind, id: s.label.id, score: Math.round(s.score * 1000) / 1000 };
}
