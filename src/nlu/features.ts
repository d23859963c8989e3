/**
 * Features of a folded message for a linear classifier: words, word pairs and the
 * character 3- to 5-grams of each word (so "suicidl" still shares most of its features with
 * "suicidal"). Counts are damped (1 + log) and the vector is scaled to unit length, so a long
 * story and a short question weigh the same.
 */

/** A feature vector as parallel arrays of feature names and values. */
export interface FeatureBag {
  readonly names: readonly string[];
  readonly values: Float32Array;
}

const CHAR_GRAMS = [3, 4, 5] as const;
const NO_STOPWORDS: ReadonlySet<string> = new Set();
/** Character n-grams count for less than whole words: they carry typos, but also blur unrelated words together. */
const CHAR_WEIGHT = 0.3;

/**
 * The features of one token list. Words in `stopwords` count only inside word pairs, so a
 * near-empty message is not pushed anywhere by the commonest words.
 */
export function featuresOf(tokens: readonly string[], stopwords: ReadonlySet<string> = NO_STOPWORDS): FeatureBag {
  const counts = new Map<string, number>();
  const add = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i + 1 < tokens.length) add("b:" + t + " " + tokens[i + 1]);
    if (stopwords.has(t)) continue;
    add("w:" + t);
    const padded = `<${t}>`;
    for (const n of CHAR_GRAMS) {
      if (padded.length < n) continue;
      for (let j = 0; j + n <= padded.length; j++) add("c:" + padded.slice(j, j + n));
    }
  }
  const names = [...counts.keys()];
  const values = new Float32Array(names.length);
  let norm = 0;
  names.forEach((name, i) => {
    const v = (1 + Math.log(counts.get(name)!)) * (name.startsWith("c:") ? CHAR_WEIGHT : 1);
    values[i] = v;
    norm += v * v;
  });
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i]! /= norm;
  return { names, values };
}
