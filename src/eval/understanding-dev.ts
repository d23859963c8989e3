import type { KnowledgeBase } from "../knowledge/types.js";
import { understandingExamples, UNDERSTANDING_TRAIN_OPTIONS } from "../knowledge/understanding-model.js";
import { createMatcher, DEFAULT_TUNING, type MatcherTuning } from "../knowledge/matcher.js";
import { nearestExamplesOf } from "../nlu/nearest.js";
import { TextClassifier } from "../nlu/text-classifier.js";
import { mulberry32 } from "../nlu/softmax-model.js";
import type { FoldVocabulary } from "../nlu/fold.js";
import type { EvalSection } from "./types.js";
import { formatRate } from "./wilson.js";

/**
 * The question matcher's dev figures: k-fold cross-validation over every phrasing it learns
 * from (faq/, intents/, training/understanding/). A dev figure: the blind sets are the product's.
 */
export function understandingDevSections(kb: KnowledgeBase, deps: { vocab: FoldVocabulary; isWord: (w: string) => boolean; tuning?: MatcherTuning; folds?: number; foldsRun?: number }): EvalSection[] {
  const tuning = deps.tuning ?? DEFAULT_TUNING;
  const folds = deps.folds ?? 5;
  const all = understandingExamples(kb);
  const random = mulberry32(3);
  const fold = all.map(() => Math.floor(random() * folds));
  let n = 0;
  let top1 = 0;
  let answered = 0;
  let answeredRight = 0;
  let suggestedRight = 0;
  let otherN = 0;
  let otherRight = 0;
  for (let k = 0; k < (deps.foldsRun ?? folds); k++) {
    const train = all.filter((_, i) => fold[i] !== k);
    const classifier = TextClassifier.train(train, deps.vocab, deps.isWord, UNDERSTANDING_TRAIN_OPTIONS);
    const matcher = createMatcher(kb, classifier, nearestExamplesOf(classifier, train), tuning);
    all.forEach((e, i) => {
      if (fold[i] !== k) return;
      const r = matcher.match(e.text);
      if (e.label === "out-of-scope" || e.label === "personal-medical") {
        otherN++;
        if (r.verdict === e.label || (e.label === "out-of-scope" && r.verdict === "unsure" && (r.suggestions ?? []).length === 0)) otherRight++;
        return;
      }
      n++;
      const id = (m: { kind: string; id: string } | null | undefined) => (m ? (m.kind === "intent" ? `intent:${m.id}` : m.id) : "");
      if (id(r.best) === e.label) top1++;
      if (r.verdict === "answer") {
        answered++;
        if (id(r.matches[0]) === e.label) answeredRight++;
      } else if ((r.suggestions ?? []).some((s) => id(s) === e.label)) suggestedRight++;
    });
  }
  return [
    {
      title: `DEV (cross-validation on faq/, intents/ and training/understanding/, not a product figure): question matcher`,
      rows: [],
      summary: {
        "best guess right": formatRate(top1, n),
        "answered at once": formatRate(answered, n),
        "right when answered": formatRate(answeredRight, answered),
        "right at once (top-1)": formatRate(answeredRight, n),
        "right within two turns (answer or a suggestion)": formatRate(answeredRight + suggestedRight, n),
        "out of scope and personal medical handled": formatRate(otherRight, otherN),
        tuning: JSON.stringify(tuning),
      },
      passed: true,
    },
  ];
}
