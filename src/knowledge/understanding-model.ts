import { readTrainingFolder, trainingFolderBytes } from "../nlu/training-data.js";
import { trainingFingerprint, type Example } from "../nlu/text-classifier.js";
import type { FoldVocabulary } from "../nlu/fold.js";
import { loadOrTrain, MODEL_DIR } from "../nlu/model-cache.js";
import { classifierWithNearestCodec, type ClassifierWithNearest } from "../nlu/classifier-with-nearest.js";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "../nlu/softmax-model.js";
import { PROJECT_ROOT } from "../util/project-root.js";
import type { KnowledgeBase, Matcher } from "./types.js";
import { loadFoldVocabulary } from "../nlu/vocabulary.js";
import { isEnglishWord } from "../nlu/english.js";
import { createMatcher, type MatcherTuning } from "./matcher.js";
import { OtherTreatments } from "./other-treatment.js";
import { DataFileError } from "../nlu/data-file.js";

/** Labels that are not an entry or an intent. */
export const OUT_OF_SCOPE = "out-of-scope";
export const PERSONAL_MEDICAL = "personal-medical";
/** An intent's label: "intent:book". */
export const intentLabel = (id: string): string => `intent:${id}`;

/** Bump when the way examples become a model changes, so cached models are retrained. */
const CODE_VERSION = "understanding-7";

export const UNDERSTANDING_TRAIN_OPTIONS: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };

/**
 * Every example the question classifier learns from: the phrasings of each `faq/` entry (English and its `es:` Spanish) and
 * each `intents/` file, and `training/understanding/` (more phrasings per entry and intent,
 * out-of-scope questions and personal medical questions). Labels of training files whose entry
 * or intent no longer exists are dropped (an entry can be retired without retraining by hand).
 */
export function understandingExamples(kb: KnowledgeBase, root: string = PROJECT_ROOT): Example[] {
  const known = knownLabels(kb);
  const out = knowledgeBaseExamples(kb);
  for (const e of readTrainingFolder("understanding", root)) if (known.has(e.label)) out.push({ text: e.text, label: e.label, language: e.language });
  return out;
}

/** The labels the classifier may learn: every entry and intent, out of scope and personal medical. */
function knownLabels(kb: KnowledgeBase): Set<string> {
  return new Set<string>([OUT_OF_SCOPE, PERSONAL_MEDICAL, ...kb.faq.keys(), ...[...kb.intents.keys()].map(intentLabel)]);
}

/** The phrasings written in `faq/` entries (English and Spanish) and `intents/` files. */
function knowledgeBaseExamples(kb: KnowledgeBase): Example[] {
  const out: Example[] = [];
  for (const entry of kb.faq.values()) {
    for (const q of entry.questions) out.push({ text: q, label: entry.id, language: "en" });
    for (const q of entry.es?.questions ?? []) out.push({ text: q, label: entry.id, language: "es" });
  }
  for (const intent of kb.intents.values()) for (const q of intent.examples) out.push({ text: q, label: intentLabel(intent.id) });
  return out;
}

/** The question classifier and the nearest-example index built from the same examples. */
export type UnderstandingModel = ClassifierWithNearest;

/**
 * The trained question classifier and its nearest-example index, from the model cache when the
 * data is unchanged (then `training/understanding/` is hashed as bytes, never parsed), else
 * trained and indexed now and written to the cache. `trained` says which.
 */
export function loadUnderstandingModel(
  kb: KnowledgeBase,
  vocab: FoldVocabulary,
  isWord: (w: string) => boolean,
  options: { root?: string; dir?: string } = {},
): UnderstandingModel & { trained: boolean } {
  const fingerprint = trainingFingerprint({
    codeVersion: CODE_VERSION,
    options: UNDERSTANDING_TRAIN_OPTIONS,
    vocab,
    examples: knowledgeBaseExamples(kb),
    files: trainingFolderBytes("understanding", options.root),
    // The labels a training file's examples are kept for.
    extra: [...knownLabels(kb)].sort(),
  });
  const { model, trained } = loadOrTrain(
    "understanding",
    fingerprint,
    classifierWithNearestCodec(() => understandingExamples(kb, options.root), vocab, isWord, UNDERSTANDING_TRAIN_OPTIONS),
    options.dir ?? MODEL_DIR,
  );
  return { ...model, trained };
}

/** The offline matcher for a knowledge base: vocabulary, trained classifier and nearest examples (cached). */
export function loadOfflineMatcher(kb: KnowledgeBase, tuning?: MatcherTuning, vocab: FoldVocabulary = loadFoldVocabulary()): Matcher {
  const { classifier, nearest } = loadUnderstandingModel(kb, vocab, isEnglishWord);
  return createMatcher(kb, classifier, nearest, tuning, loadOtherTreatments(kb));
}

/** `vocabulary/other-treatments.yaml`, its topics checked against the knowledge base's entries. */
export function loadOtherTreatments(kb: KnowledgeBase, root: string = PROJECT_ROOT): OtherTreatments {
  const others = new OtherTreatments(root);
  const unknown = [...others.topics].filter((id) => !kb.faq.has(id));
  if (unknown.length > 0) throw new DataFileError("vocabulary/other-treatments.yaml", "topics", `no faq/ entry with id ${unknown.join(", ")}`);
  return others;
}
