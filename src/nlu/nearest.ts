import type { FeatureBag } from "./features.js";

/**
 * Nearest written examples by TF-IDF cosine over word and word-pair features (character
 * n-grams are left to the classifier). A second opinion beside the linear model: it answers
 * "which phrasing is this closest to", which the model, averaging over every phrasing of a
 * label, can miss. Labels get the summed squared similarity of the `k` nearest examples.
 */
export class NearestExamples {
  private readonly postings = new Map<string, { example: number; weight: number }[]>();
  private readonly idf = new Map<string, number>();
  private readonly norms: Float64Array;

  constructor(
    bags: readonly FeatureBag[],
    private readonly labels: readonly string[],
    private readonly k = 10,
  ) {
    const df = new Map<string, number>();
    for (const bag of bags) for (const name of bag.names) if (!name.startsWith("c:")) df.set(name, (df.get(name) ?? 0) + 1);
    // Features in more than a twentieth of the examples say little about which one is nearest and
    // cost the most to walk: they are left out.
    const common = Math.max(20, bags.length / 20);
    for (const [name, count] of df) if (count <= common) this.idf.set(name, Math.log((bags.length + 1) / (count + 1)));
    this.norms = new Float64Array(bags.length);
    bags.forEach((bag, example) => {
      let sum = 0;
      bag.names.forEach((name, j) => {
        const idf = this.idf.get(name);
        if (idf === undefined || idf <= 0) return;
        const weight = bag.values[j]! * idf;
        sum += weight * weight;
        const list = this.postings.get(name);
        if (list) list.push({ example, weight });
        else this.postings.set(name, [{ example, weight }]);
      });
      this.norms[example] = Math.sqrt(sum) || 1;
    });
  }

  /**
   * The bag as TF-IDF weights over the index's word features. A word the index never saw counts
   * as the rarest word it knows (a new phrasing's new word says the most); character n-grams and
   * words too common to matter are left out, as in {@link vote}.
   */
  weigh(bag: FeatureBag): Map<string, number> {
    let rarest = 0;
    for (const v of this.idf.values()) if (v > rarest) rarest = v;
    const out = new Map<string, number>();
    bag.names.forEach((name, j) => {
      if (name.startsWith("c:")) return;
      const idf = this.idf.has(name) ? this.idf.get(name)! : rarest;
      if (idf > 0) out.set(name, (out.get(name) ?? 0) + bag.values[j]! * idf);
    });
    return out;
  }

  /** Each label's share of the nearest examples' similarity (sums to 1, or empty when nothing is near). */
  vote(bag: FeatureBag): Map<string, number> {
    const scores = new Map<number, number>();
    let queryNorm = 0;
    bag.names.forEach((name, j) => {
      const idf = this.idf.get(name);
      if (idf === undefined || idf <= 0) return;
      const weight = bag.values[j]! * idf;
      queryNorm += weight * weight;
      for (const p of this.postings.get(name) ?? []) scores.set(p.example, (scores.get(p.example) ?? 0) + weight * p.weight);
    });
    queryNorm = Math.sqrt(queryNorm) || 1;
    // The k best in one pass (no sort of every example met).
    const top: [number, number][] = [];
    for (const [example, dot] of scores) {
      const similarity = dot / (queryNorm * this.norms[example]!);
      if (top.length < this.k) {
        top.push([example, similarity]);
        if (top.length === this.k) top.sort((a, b) => a[1] - b[1]);
      } else if (similarity > top[0]![1]) {
        top[0] = [example, similarity];
        top.sort((a, b) => a[1] - b[1]);
      }
    }
    const votes = new Map<string, number>();
    let total = 0;
    for (const [example, similarity] of top) {
      const label = this.labels[example]!;
      const v = similarity * similarity;
      votes.set(label, (votes.get(label) ?? 0) + v);
      total += v;
    }
    if (total > 0) for (const [label, v] of votes) votes.set(label, v / total);
    return votes;
  }
}
