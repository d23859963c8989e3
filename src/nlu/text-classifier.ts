import { createHash } from "node:crypto";
import type { DataFileBytes } from "./data-file.js";
import { featuresOf, type FeatureBag } from "./features.js";
import { foldTokens, type FoldVocabulary } from "./fold.js";
import { SoftmaxModel, DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "./softmax-model.js";
import { SpellingCorrector, type LexiconCounts } from "./spelling.js";

/** Rewrites folded text (lowercase words separated by spaces) before features are taken. */
export type Rewrite = (folded: string) => string;

/** How text becomes features, beyond folding (see {@link TextClassifier.train}). */
export interface TextOptions {
  readonly rewrite?: Rewrite;
  readonly stopwords?: boolean;
}

const NO_STOPWORDS: ReadonlySet<string> = new Set();

/** One label and how likely the classifier finds it. */
export interface Prediction {
  readonly label: string;
  readonly probability: number;
}

/** An example to learn from. */
export interface Example {
  readonly text: string;
  readonly label: string;
  readonly weight?: number;
  /** The language it is written in, when its source says: typos in a Spanish message are then corrected to Spanish words. */
  readonly language?: "en" | "es";
}

/** Lexicon words need at least this many uses in the training data to be a correction target. */
const LEXICON_MIN_COUNT = 2;

/**
 * The one text classifier of the project, used by the crisis screen (crisis / risk / none)
 * and by question understanding (FAQ entries, intents, out of scope): fold the text, correct
 * misspellings against the training vocabulary, take word and character features, and score
 * them with multinomial logistic regression. Training is deterministic; `toBuffer` and
 * `fromBuffer` let a build step train once and start-up load the result.
 */
export class TextClassifier {
  private constructor(
    readonly model: SoftmaxModel,
    private readonly lexicon: ReadonlyMap<string, LexiconCounts>,
    private readonly vocab: FoldVocabulary,
    private readonly corrector: SpellingCorrector,
    private readonly rewrite: Rewrite | undefined,
    private readonly stopwords: ReadonlySet<string>,
  ) {}

  get labels(): readonly string[] {
    return this.model.labels;
  }

  /**
   * @param text.rewrite applied to the folded, corrected text before features are taken, in
   *   training and classification alike (the crisis screen blanks out idioms such as "to die for")
   * @param text.stopwords whether function words count only inside word pairs (the crisis screen:
   *   "my" alone must not lean anywhere); question understanding keeps them ("ok", "yes", "no")
   */
  static train(
    examples: readonly Example[],
    vocab: FoldVocabulary,
    isWord: (w: string) => boolean,
    options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
    text: TextOptions = {},
  ): TextClassifier {
    const counts = new Map<string, { total: number; en: number; es: number }>();
    for (const e of examples)
      for (const t of foldTokens(e.text, vocab)) {
        const c = counts.get(t) ?? { total: 0, en: 0, es: 0 };
        c.total++;
        if (e.language) c[e.language]++;
        counts.set(t, c);
      }
    const lexicon = new Map([...counts].filter(([w, c]) => c.total >= LEXICON_MIN_COUNT && /^[a-z]+$/.test(w)));
    const corrector = new SpellingCorrector(lexicon, isWord);
    const stopwords = text.stopwords ? vocab.stopwords : NO_STOPWORDS;
    const untrained = new TextClassifier(undefined as unknown as SoftmaxModel, lexicon, vocab, corrector, text.rewrite, stopwords);
    const model = SoftmaxModel.train(
      examples.map((e) => ({ bag: untrained.features(e.text), label: e.label, ...(e.weight !== undefined ? { weight: e.weight } : {}) })),
      options,
    );
    return new TextClassifier(model, lexicon, vocab, corrector, text.rewrite, stopwords);
  }

  /** The tokens the model sees: folded, corrected (towards the language the message leans to), then rewritten. */
  tokens(text: string): string[] {
    const corrected = correctTokens(foldTokens(text, this.vocab), this.corrector);
    if (!this.rewrite) return corrected;
    return this.rewrite(corrected.join(" ")).split(" ").filter((t) => /^[a-z0-9]+$/.test(t));
  }

  /** Builds what reading the first misspelt word would otherwise build (the spelling index). */
  prepare(): void {
    this.corrector.prepare();
  }

  features(text: string): FeatureBag {
    return featuresOf(this.tokens(text), this.stopwords);
  }

  /** The features of tokens already folded (the screen reads tokens once and classifies them alone and in a window). */
  featuresOfTokens(tokens: readonly string[]): FeatureBag {
    return featuresOf(tokens, this.stopwords);
  }

  /** Every label with its probability, most likely first. */
  predict(text: string): Prediction[] {
    return this.predictBag(this.features(text));
  }

  predictBag(bag: FeatureBag): Prediction[] {
    const p = this.model.probabilities(bag);
    return this.model.labels.map((label, i) => ({ label, probability: p[i]! })).sort((a, b) => b.probability - a.probability);
  }

  toBuffer(): Buffer {
    const entries = [...this.lexicon].map(([word, c]) => [word, c.total, c.en, c.es]);
    const lexicon = Buffer.from(JSON.stringify(entries) + "\n", "utf8");
    return Buffer.concat([lexicon, this.model.toBuffer()]);
  }

  static fromBuffer(buffer: Buffer, vocab: FoldVocabulary, isWord: (w: string) => boolean, text: TextOptions = {}): TextClassifier {
    const newline = buffer.indexOf(0x0a);
    const entries = JSON.parse(buffer.subarray(0, newline).toString("utf8")) as [string, number, number, number][];
    const lexicon = new Map(entries.map(([word, total, en, es]) => [word, { total, en: en ?? 0, es: es ?? 0 }]));
    const model = SoftmaxModel.fromBuffer(buffer.subarray(newline + 1));
    return new TextClassifier(model, lexicon, vocab, new SpellingCorrector(lexicon, isWord), text.rewrite, text.stopwords ? vocab.stopwords : NO_STOPWORDS);
  }
}

function correctTokens(tokens: readonly string[], corrector: SpellingCorrector): string[] {
  const language = corrector.leaning(tokens);
  const out: string[] = [];
  for (const t of tokens) for (const c of corrector.correct(t, language)) out.push(c);
  return out;
}

/** Everything a trained model depends on (see {@link trainingFingerprint}). */
export interface TrainingInputs {
  /** Bump when the way examples become a model changes. */
  readonly codeVersion: string;
  readonly options: TrainOptions;
  readonly vocab: FoldVocabulary;
  /** Examples that come from elsewhere than the files (the phrasings of `faq/` and `intents/`). */
  readonly examples?: readonly Example[];
  /** Training files, hashed as bytes (names and contents) without being parsed. */
  readonly files?: readonly DataFileBytes[];
  /** Anything else the examples are chosen or weighted by (the labels kept, a weight). */
  readonly extra?: readonly string[];
}

/**
 * A fingerprint of everything a trained model depends on: the examples (given, or as the raw
 * bytes of their files), the vocabulary, the options and a code version. A cached model is used
 * only when its fingerprint matches. Hashing files as bytes costs a few milliseconds where
 * parsing them costs most of a second; a change to any byte (even a comment) retrains.
 */
export function trainingFingerprint(inputs: TrainingInputs): string {
  const hash = createHash("sha256");
  const { vocab } = inputs;
  hash.update(inputs.codeVersion).update(JSON.stringify(inputs.options));
  hash.update(JSON.stringify([...vocab.emoji])).update(JSON.stringify([...vocab.shorthand])).update(JSON.stringify([...vocab.stopwords]));
  for (const e of inputs.examples ?? []) hash.update(`${e.label}\u0000${e.weight ?? 1}\u0000${e.text}\u0001`);
  hash.update("\u0002files");
  for (const f of inputs.files ?? []) hash.update(`${f.name}\u0000${f.bytes.byteLength}\u0000`).update(f.bytes);
  hash.update("\u0002extra");
  for (const x of inputs.extra ?? []) hash.update(`${x}\u0001`);
  return hash.digest("hex").slice(0, 16);
}
