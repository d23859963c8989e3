import type { FoldVocabulary } from "./fold.js";
import { packBuffers, unpackBuffers } from "./model-cache.js";
import { NearestExamples, nearestExamplesOf } from "./nearest.js";
import type { TrainOptions } from "./softmax-model.js";
import { TextClassifier, type Example, type TextOptions } from "./text-classifier.js";

/** A classifier and the nearest-example index of the examples it learned from: one cached model. */
export interface ClassifierWithNearest {
  readonly classifier: TextClassifier;
  readonly nearest: NearestExamples;
}

/**
 * How {@link loadOrTrain} trains, writes and reads a {@link ClassifierWithNearest}: the crisis
 * screen's model and the question matcher's are the same kind of file.
 * @param examples read only when the model is trained (a valid cache never parses them)
 */
export function classifierWithNearestCodec(
  examples: () => readonly Example[],
  vocab: FoldVocabulary,
  isWord: (w: string) => boolean,
  options: TrainOptions,
  text: TextOptions = {},
): { train(): ClassifierWithNearest; toBuffer(model: ClassifierWithNearest): Buffer; fromBuffer(buffer: Buffer): ClassifierWithNearest } {
  return {
    train: () => {
      const all = examples();
      const classifier = TextClassifier.train(all, vocab, isWord, options, text);
      return { classifier, nearest: nearestExamplesOf(classifier, all) };
    },
    toBuffer: (m) => packBuffers([m.classifier.toBuffer(), m.nearest.toBuffer()]),
    fromBuffer: (b) => {
      const [classifier, nearest] = unpackBuffers(b, 2) as [Buffer, Buffer];
      return { classifier: TextClassifier.fromBuffer(classifier, vocab, isWord, text), nearest: NearestExamples.fromBuffer(nearest) };
    },
  };
}
