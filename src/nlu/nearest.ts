import { FeatureTable } from "./feature-table.js";
import type { FeatureBag } from "./features.js";
import type { Example, TextClassifier } from "./text-classifier.js";

/** Format of {@link NearestExamples.toBuffer}; bump when the layout changes. */
const FORMAT = 2;

/** The index as plain typed arrays: what {@link NearestExamples.build} makes and the model cache keeps. */
interface NearestIndex {
  readonly k: number;
  /** Word and word-pair features to their numbers (see {@link FeatureTable}). */
  readonly features: FeatureTable;
  /** Inverse document frequency of each feature. */
  readonly idf: Float64Array;
  /** Each example's TF-IDF vector length (1 for an empty one). */
  readonly norms: Float64Array;
  /** Postings of feature f: `postingExample` and `postingWeight` from `postingStart[f]` to `postingStart[f + 1]`, examples ascending. */
  readonly postingStart: Uint32Array;
  readonly postingExample: Uint32Array;
  readonly postingWeight: Float64Array;
  /** Distinct labels, and each example's label as an index into them. */
  readonly labelNames: readonly string[];
  readonly labelOf: Uint16Array;
}

/**
 * Nearest written examples by TF-IDF cosine over word and word-pair features (character
 * n-grams are left to the classifier). A second opinion beside the linear model: it answers
 * "which phrasing is this closest to", which the model, averaging over every phrasing of a
 * label, can miss. Labels get the summed squared similarity of the `k` nearest examples.
 *
 * The index lives in typed arrays (postings in one flat list per feature), so it costs a few
 * megabytes rather than an object per posting, and `toBuffer` / `fromBuffer` let the model
 * cache keep it: start-up then neither parses the examples nor takes their features.
 */
export class NearestExamples {
  private readonly featureIndex: FeatureTable;
  /** Scratch space for {@link vote}, made on first use. */
  private dots: Float64Array | undefined;
  private met: Uint32Array | undefined;
  /** The largest idf: what a word the index never saw counts as (see {@link weigh}). */
  private readonly rarest: number;

  private constructor(private readonly index: NearestIndex) {
    this.featureIndex = index.features;
    let rarest = 0;
    for (const v of index.idf) if (v > rarest) rarest = v;
    this.rarest = rarest;
  }

  /** Indexes the examples' feature bags; `labels[i]` is the label of `bags[i]`. */
  static build(bags: readonly FeatureBag[], labels: readonly string[], k = 10): NearestExamples {
    const df = new Map<string, number>();
    for (const bag of bags) for (const name of bag.names) if (!name.startsWith("c:")) df.set(name, (df.get(name) ?? 0) + 1);
    // Features in more than a twentieth of the examples say little about which one is nearest and
    // cost the most to walk: they are left out.
    const common = Math.max(20, bags.length / 20);
    const kept = [...df].filter(([, count]) => count <= common);
    const featureIndex = FeatureTable.build(kept.map(([name]) => name));
    const F = featureIndex.size;
    const idf = new Float64Array(F);
    for (const [name, count] of kept) idf[featureIndex.get(name)!] = Math.log((bags.length + 1) / (count + 1));

    // Two passes over the bags: count each feature's postings, then fill them in example order.
    const counts = new Uint32Array(F + 1);
    const each = (visit: (example: number, f: number, weight: number) => void) =>
      bags.forEach((bag, example) =>
        bag.names.forEach((name, j) => {
          const f = featureIndex.get(name);
          if (f === undefined || idf[f]! <= 0) return;
          visit(example, f, bag.values[j]! * idf[f]!);
        }),
      );
    each((_, f) => counts[f + 1]!++);
    const postingStart = new Uint32Array(F + 1);
    for (let f = 0; f < F; f++) postingStart[f + 1] = postingStart[f]! + counts[f + 1]!;
    const total = postingStart[F]!;
    const postingExample = new Uint32Array(total);
    const postingWeight = new Float64Array(total);
    const next = postingStart.slice(0, F);
    const sums = new Float64Array(bags.length);
    each((example, f, weight) => {
      const at = next[f]!++;
      postingExample[at] = example;
      postingWeight[at] = weight;
      sums[example]! += weight * weight;
    });
    const norms = new Float64Array(bags.length);
    for (let e = 0; e < bags.length; e++) norms[e] = Math.sqrt(sums[e]!) || 1;

    const labelNames = [...new Set(labels)];
    if (labelNames.length > 0xffff) throw new Error("too many labels for the nearest-example index");
    const labelIndex = new Map(labelNames.map((l, i) => [l, i]));
    const labelOf = Uint16Array.from(labels, (l) => labelIndex.get(l)!);
    return new NearestExamples({ k, features: featureIndex, idf, norms, postingStart, postingExample, postingWeight, labelNames, labelOf });
  }

  /**
   * The bag as TF-IDF weights over the index's word features. A word the index never saw counts
   * as the rarest word it knows (a new phrasing's new word says the most); character n-grams and
   * words too common to matter are left out, as in {@link vote}.
   */
  weigh(bag: FeatureBag): Map<string, number> {
    const out = new Map<string, number>();
    bag.names.forEach((name, j) => {
      if (name.startsWith("c:")) return;
      const f = this.featureIndex.get(name);
      const idf = f !== undefined ? this.index.idf[f]! : this.rarest;
      if (idf > 0) out.set(name, (out.get(name) ?? 0) + bag.values[j]! * idf);
    });
    return out;
  }

  /** Each label's share of the nearest examples' similarity (sums to 1, or empty when nothing is near). */
  vote(bag: FeatureBag): Map<string, number> {
    const { idf, norms, postingStart, postingExample, postingWeight, k } = this.index;
    // Dot products in a typed array, with the examples met in the order first met (a Map of
    // thousands of entries per message cost about ten times as much); zeroed again below.
    const dots = (this.dots ??= new Float64Array(norms.length));
    const met = (this.met ??= new Uint32Array(norms.length));
    let count = 0;
    let queryNorm = 0;
    bag.names.forEach((name, j) => {
      const f = this.featureIndex.get(name);
      if (f === undefined || idf[f]! <= 0) return;
      const weight = bag.values[j]! * idf[f]!;
      queryNorm += weight * weight;
      for (let p = postingStart[f]!; p < postingStart[f + 1]!; p++) {
        const example = postingExample[p]!;
        if (dots[example] === 0) met[count++] = example;
        dots[example]! += weight * postingWeight[p]!;
      }
    });
    queryNorm = Math.sqrt(queryNorm) || 1;
    // The k best in one pass (no sort of every example met).
    const top: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const example = met[i]!;
      const dot = dots[example]!;
      dots[example] = 0;
      const similarity = dot / (queryNorm * norms[example]!);
      if (top.length < k) {
        top.push([example, similarity]);
        if (top.length === k) top.sort((a, b) => a[1] - b[1]);
      } else if (similarity > top[0]![1]) {
        top[0] = [example, similarity];
        top.sort((a, b) => a[1] - b[1]);
      }
    }
    const votes = new Map<string, number>();
    let total = 0;
    for (const [example, similarity] of top) {
      const label = this.index.labelNames[this.index.labelOf[example]!]!;
      const v = similarity * similarity;
      votes.set(label, (votes.get(label) ?? 0) + v);
      total += v;
    }
    if (total > 0) for (const [label, v] of votes) votes.set(label, v / total);
    return votes;
  }

  /** A JSON header line (labels and sizes), the feature table, then the arrays, little-endian, in header order. */
  toBuffer(): Buffer {
    const x = this.index;
    const header = { v: FORMAT, k: x.k, features: x.features.size, labelNames: x.labelNames, examples: x.norms.length, postings: x.postingExample.length };
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return Buffer.concat([
      Buffer.from(`${JSON.stringify(header)}\n`, "utf8"),
      x.features.toBuffer(),
      ...[x.idf, x.norms, x.postingWeight, x.postingStart, x.postingExample, x.labelOf].map(bytes),
    ]);
  }

  static fromBuffer(buffer: Buffer): NearestExamples {
    const newline = buffer.indexOf(0x0a);
    const header = JSON.parse(buffer.subarray(0, newline).toString("utf8")) as {
      v: number;
      k: number;
      features: number;
      labelNames: string[];
      examples: number;
      postings: number;
    };
    if (header.v !== FORMAT) throw new Error(`nearest-example index format ${header.v} is not supported`);
    const { table: features, end } = FeatureTable.read(buffer, newline + 1);
    if (features.size !== header.features) throw new Error("nearest-example index's feature table does not match its header");
    let at = end;
    // Copied out of the file's buffer: typed arrays need aligned offsets, and the file is let go.
    const take = <A extends Float64Array | Uint32Array | Uint16Array>(make: new (n: number) => A, n: number): A => {
      const out = new make(n);
      const end = at + out.byteLength;
      if (end > buffer.length) throw new Error("nearest-example index is truncated");
      new Uint8Array(out.buffer).set(buffer.subarray(at, end));
      at = end;
      return out;
    };
    const F = header.features;
    const idf = take(Float64Array, F);
    const norms = take(Float64Array, header.examples);
    const postingWeight = take(Float64Array, header.postings);
    const postingStart = take(Uint32Array, F + 1);
    const postingExample = take(Uint32Array, header.postings);
    const labelOf = take(Uint16Array, header.examples);
    if (at !== buffer.length) throw new Error("nearest-example index has trailing bytes");
    return new NearestExamples({ k: header.k, features, idf, norms, postingStart, postingExample, postingWeight, labelNames: header.labelNames, labelOf });
  }
}

/** The nearest-example index of the examples, read through the classifier's features (as the matcher and the crisis screen read a message). */
export function nearestExamplesOf(classifier: TextClassifier, examples: readonly Example[]): NearestExamples {
  return NearestExamples.build(
    examples.map((e) => classifier.features(e.text)),
    examples.map((e) => e.label),
  );
}
