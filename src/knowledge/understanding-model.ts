import { readTrainingFolder } from "../nlu/training-data.js";
import { TextClassifier, trainingFingerprint, type Example } from "../nlu/text-classifier.js";
import type { FoldVocabulary } from "../nlu/fold.js";
import { loadOrTrain, MODEL_DIR } from "../nlu/model-cache.js";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "../nlu/softmax-model.js";
import { PROJECT_ROOT } from "../util/project-root.js";
import type { KnowledgeBase, Matcher } from "./types.js";
import { loadFoldVocabulary } from "../nlu/vocabulary.js";
import { isEnglishWord } from "../nlu/english.js";
import { createMatcher, type MatcherTuning } from "./matcher.js";

/** Labels that are not an entry or an intent. */
export const OUT_OF_SCOPE = "out-of-scope";
export const PERSONAL_MEDICAL = "personal-medical";
/** An intent's label: "intent:book". */
export const intentLabel = (id: string): string => `intent:${id}`;

/** Bump when the way examples become a model changes, so cached models are retrained. */
const CODE_VERSION = "understanding-3";

export const UNDERSTANDING_TRAIN_OPTIONS: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };

/**
 * Every example the question classifier learns from: the phrasings of each `faq/` entry (English and its `es:` Spanish) and
 * each `intents/` file, and `training/understanding/` (more phrasings per entry and intent,
 * out-of-scope questions and personal medical questions). Labels of training files whose entry
 * or intent no longer exists are dropped (an entry can be retired without retraining by hand).
 */
export function understandingExamples(kb: KnowledgeBase, root: string = PROJECT_ROOT): Example[] {
  const known = new Set<string>([OUT_OF_SCOPE, PERSONAL_MEDICAL, ...kb.faq.keys(), ...[...kb.intents.keys()].map(intentLabel)]);
  const out: Example[] = [];
  for (const entry of kb.faq.values()) for (const q of [...entry.questions, ...(entry.es?.questions ?? [])]) out.push({ text: q, label: entry.id });
  for (const intent of kb.intents.values()) for (const q of intent.examples) out.push({ text: q, label: intentLabel(intent.id) });
  for (const e of readTrainingFolder("understanding", root)) if (known.has(e.label)) out.push({ text: e.text, label: e.label });
  return out;
}

/** The trained question classifier, from the model cache when its data is unchanged. */
export function loadUnderstandingClassifier(
  kb: KnowledgeBase,
  vocab: FoldVocabulary,
  isWord: (w: string) => boolean,
  options: { root?: string; dir?: string } = {},
): { classifier: TextClassifier; examples: Example[] } {
  const examples = understandingExamples(kb, options.root);
  const fingerprint = trainingFingerprint(examples, vocab, UNDERSTANDING_TRAIN_OPTIONS, CODE_VERSION);
  const { model } = loadOrTrain(
    "understanding",
    fingerprint,
    {
      train: () => TextClassifier.train(examples, vocab, isWord, UNDERSTANDING_TRAIN_OPTIONS),
      toBuffer: (m) => m.toBuffer(),
      fromBuffer: (b) => TextClassifier.fromBuffer(b, vocab, isWord),
    },
    options.dir ?? MODEL_DIR,
  );
  return { classifier: model, examples };
}

/** The offline matcher for a knowledge base: vocabulary, trained classifier (cached) and nearest examples. */
export function loadOfflineMatcher(kb: KnowledgeBase, tuning?: MatcherTuning): Matcher {
  const vocab = loadFoldVocabulary();
  const { classifier, examples } = loadUnderstandingClassifier(kb, vocab, isEnglishWord);
  return createMatcher(kb, classifier, examples, tuning);
}
