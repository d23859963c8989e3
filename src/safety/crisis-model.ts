import { readTrainingFolder, trainingFolderBytes } from "../nlu/training-data.js";
import { trainingFingerprint, type Example } from "../nlu/text-classifier.js";
import type { FoldVocabulary } from "../nlu/fold.js";
import { loadOrTrain, MODEL_DIR } from "../nlu/model-cache.js";
import { classifierWithNearestCodec, type ClassifierWithNearest } from "../nlu/classifier-with-nearest.js";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "../nlu/softmax-model.js";
import { PROJECT_ROOT } from "../util/project-root.js";
import type { Rewrite, TextOptions } from "../nlu/text-classifier.js";

/** Labels of the crisis classifier. */
export const CRISIS_LABELS = ["crisis", "risk", "none"] as const;

/** Bump when the way examples become a model changes, so cached models are retrained. */
const CODE_VERSION = "crisis-11";

export const CRISIS_TRAIN_OPTIONS: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS };

/**
 * How much an ordinary question from `training/understanding/` counts as a "none" example
 * beside the hand-picked look-alikes of `training/safety/`: there are many of them, and the
 * model must learn that ordinary questions are safe without drowning the look-alikes.
 */
const ORDINARY_WEIGHT = 1;

/**
 * The crisis classifier's examples: `training/safety/` (crisis, risk, and look-alikes that are
 * not) and every question of `training/understanding/` as "none".
 */
export function crisisExamples(root: string = PROJECT_ROOT): Example[] {
  const safety = readTrainingFolder("safety", root).map((e) => ({ text: e.text, label: e.label, language: e.language }));
  const ordinary = readTrainingFolder("understanding", root).map((e) => ({ text: e.text, label: "none", weight: ORDINARY_WEIGHT, language: e.language }));
  return [...safety, ...ordinary];
}

/** The crisis screen's learned part: the classifier and the nearest written examples (blended in the screen). */
export type CrisisModel = ClassifierWithNearest;

/**
 * The trained crisis model: from the model cache when its data is unchanged (the training
 * files are then hashed as bytes, never parsed), else trained now and written to the cache.
 * `trained` says which.
 */
export function loadCrisisModel(
  vocab: FoldVocabulary,
  isWord: (w: string) => boolean,
  options: { root?: string; dir?: string; rewrite?: Rewrite; rewriteVersion?: string } = {},
): CrisisModel & { trained: boolean } {
  const fingerprint = trainingFingerprint({
    codeVersion: `${CODE_VERSION}:${options.rewriteVersion ?? ""}`,
    options: CRISIS_TRAIN_OPTIONS,
    vocab,
    files: [...trainingFolderBytes("safety", options.root), ...trainingFolderBytes("understanding", options.root)],
    extra: [`ordinary-weight:${ORDINARY_WEIGHT}`],
  });
  const { model, trained } = loadOrTrain(
    "crisis",
    fingerprint,
    classifierWithNearestCodec(() => crisisExamples(options.root), vocab, isWord, CRISIS_TRAIN_OPTIONS, crisisText(options.rewrite)),
    options.dir ?? MODEL_DIR,
  );
  return { ...model, trained };
}

/** The crisis classifier reads function words only inside word pairs, and blanks out idioms first. */
export function crisisText(rewrite?: Rewrite): TextOptions {
  return { stopwords: true, ...(rewrite ? { rewrite } : {}) };
}
