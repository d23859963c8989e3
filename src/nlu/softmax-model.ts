import { FeatureTable } from "./feature-table.js";
import type { FeatureBag } from "./features.js";

/**
 * Multinomial logistic regression over sparse features, trained by stochastic gradient
 * descent with L2 regularisation. No dependency, deterministic for a given seed, and
 * classification costs one dot product per class over the message's few hundred features.
 */

export interface TrainingExample {
  readonly bag: FeatureBag;
  readonly label: string;
  /** How much this example counts (class balancing, sources counted for less). Default 1. */
  readonly weight?: number;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /** Features seen in fewer training examples than this are dropped (noise, and a smaller model). */
  readonly minFeatureCount: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 12, learningRate: 0.8, l2: 1e-6, minFeatureCount: 2, seed: 7 };

/** A trained model: labels, the feature vocabulary and the weights. */
export class SoftmaxModel {
  private constructor(
    readonly labels: readonly string[],
    private readonly vocab: FeatureTable,
    /** Row-major: weights[feature * labels.length + label]. */
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  get featureCount(): number {
    return this.vocab.size;
  }

  static train(examples: readonly TrainingExample[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): SoftmaxModel {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const labelIndex = new Map(labels.map((l, i) => [l, i]));
    const seen = new Map<string, number>();
    for (const e of examples) for (const name of e.bag.names) seen.set(name, (seen.get(name) ?? 0) + 1);
    const vocab = FeatureTable.build([...seen].filter(([, count]) => count >= options.minFeatureCount).map(([name]) => name));

    const C = labels.length;
    const rows = examples.map((e) => {
      const idx: number[] = [];
      const val: number[] = [];
      e.bag.names.forEach((name, i) => {
        const f = vocab.get(name);
        if (f !== undefined) {
          idx.push(f);
          val.push(e.bag.values[i]!);
        }
      });
      return { idx: Int32Array.from(idx), val: Float32Array.from(val), y: labelIndex.get(e.label)!, w: e.weight ?? 1 };
    });
    const weights = new Float32Array(vocab.size * C);
    const bias = new Float32Array(C);
    const order = rows.map((_, i) => i);
    const random = mulberry32(options.seed);
    const scores = new Float64Array(C);
    let step = 0;
    const total = options.epochs * rows.length;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle(order, random);
      for (const r of order) {
        const row = rows[r]!;
        // Linear decay to a tenth of the starting rate: big steps first, fine ones at the end.
        const lr = options.learningRate * (1 - (0.9 * step++) / total);
        scoreInto(scores, row.idx, row.val, weights, bias, C);
        softmaxInPlace(scores);
        const shrink = 1 - lr * options.l2;
        for (let c = 0; c < C; c++) {
          const g = (scores[c]! - (c === row.y ? 1 : 0)) * row.w;
          bias[c]! -= lr * g * 0.1;
          if (g === 0) continue;
          for (let k = 0; k < row.idx.length; k++) {
            const at = row.idx[k]! * C + c;
            weights[at] = weights[at]! * shrink - lr * g * row.val[k]!;
          }
        }
      }
    }
    return new SoftmaxModel(labels, vocab, weights, bias);
  }

  /** Probability of each label, in `labels` order. */
  probabilities(bag: FeatureBag): Float64Array {
    const C = this.labels.length;
    const idx: number[] = [];
    const val: number[] = [];
    bag.names.forEach((name, i) => {
      const f = this.vocab.get(name);
      if (f !== undefined) {
        idx.push(f);
        val.push(bag.values[i]!);
      }
    });
    const scores = new Float64Array(C);
    scoreInto(scores, idx, val, this.weights, this.bias, C);
    return softmaxInPlace(scores);
  }

  /** How much of the message the model has seen features of (0 to 1): low for gibberish and other languages. */
  coverage(bag: FeatureBag): number {
    let known = 0;
    let all = 0;
    bag.names.forEach((name, i) => {
      const v = bag.values[i]! ** 2;
      all += v;
      if (this.vocab.has(name)) known += v;
    });
    return all === 0 ? 0 : known / all;
  }

  /**
   * A compact, versioned serialisation: a JSON header line, the feature table, then the bias and
   * the weights as little-endian float32.
   */
  toBuffer(): Buffer {
    const header = Buffer.from(JSON.stringify({ v: 2, labels: this.labels, features: this.vocab.size }) + "\n", "utf8");
    return Buffer.concat([
      header,
      this.vocab.toBuffer(),
      Buffer.from(this.bias.buffer, this.bias.byteOffset, this.bias.byteLength),
      Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength),
    ]);
  }

  static fromBuffer(buffer: Buffer): SoftmaxModel {
    const newline = buffer.indexOf(0x0a);
    const header = JSON.parse(buffer.subarray(0, newline).toString("utf8")) as { v: number; labels: string[]; features: number };
    if (header.v !== 2) throw new Error(`model format ${header.v} is not supported`);
    const { table: vocab, end } = FeatureTable.read(buffer, newline + 1);
    if (vocab.size !== header.features) throw new Error("model file's feature table does not match its header");
    const C = header.labels.length;
    const body = buffer.subarray(end);
    if (body.byteLength !== (C + header.features * C) * 4) throw new Error("model file is truncated");
    const floats = new Float32Array(body.byteLength / 4);
    new Uint8Array(floats.buffer).set(body);
    return new SoftmaxModel(header.labels, vocab, floats.slice(C), floats.slice(0, C));
  }
}

function scoreInto(out: Float64Array, idx: ArrayLike<number>, val: ArrayLike<number>, weights: Float32Array, bias: Float32Array, C: number): void {
  for (let c = 0; c < C; c++) out[c] = bias[c]!;
  for (let k = 0; k < idx.length; k++) {
    const base = idx[k]! * C;
    const v = val[k]!;
    for (let c = 0; c < C; c++) out[c]! += weights[base + c]! * v;
  }
}

function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c]! - max);
    sum += scores[c]!;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
  return scores;
}

/** A small seeded PRNG, so training is repeatable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
