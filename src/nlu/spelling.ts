/**
 * Typo tolerance: maps a word the knowledge base does not know to the closest word it does
 * (optimal string alignment distance: insertions, deletions, substitutions, swaps), or splits
 * two words typed together ("howlong", "sideeffects").
 */

/** Most edits allowed for a word of this length: none for short words, where a guess is usually wrong. */
function maxEdits(length: number): number {
  if (length <= 2) return 0;
  if (length <= 7) return 1;
  return 2;
}

/** Optimal string alignment distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Corrects single words against a vocabulary. Results are cached: people repeat the same typos. */
export class SpellingCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly cache = new Map<string, readonly string[]>();

  /**
   * @param vocabulary known words and how often the knowledge base uses them (ties go to the commoner word)
   * @param isWord true for real words outside the vocabulary: they are left as they are, never "corrected"
   */
  constructor(
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly isWord: (word: string) => boolean = () => false,
  ) {
    for (const word of vocabulary.keys()) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /** True when the word needs no correction. */
  knows(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /**
   * The word itself when known; else its correction, or the two known words it was typed as;
   * else the word unchanged (an unknown word, which the matcher counts against confidence).
   */
  correct(word: string): readonly string[] {
    if (this.vocabulary.has(word) || /\d/.test(word)) return [word];
    const cached = this.cache.get(word);
    if (cached) return cached;
    const result = this.isWord(word) ? [word] : (this.nearest(word) ?? this.split(word) ?? [word]);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }

  private nearest(word: string): [string] | undefined {
    const limit = maxEdits(word.length);
    if (limit === 0) return undefined;
    let best: string | undefined;
    let bestDistance = limit + 1;
    let bestCount = 0;
    for (let len = word.length - limit; len <= word.length + limit; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        // Typos rarely change the first letter; skipping those avoids most false corrections.
        if (candidate[0] !== word[0] && !(candidate[1] === word[0] && candidate[0] === word[1])) continue;
        let d = editDistance(word, candidate, Math.min(limit, Math.ceil(bestDistance)));
        if (d > limit) continue;
        // A dropped double letter ("helo", "adictive") is the likeliest typo of all.
        if (collapseDoubles(candidate) === collapseDoubles(word)) d -= 0.5;
        const count = this.vocabulary.get(candidate) ?? 0;
        if (d < bestDistance || (d === bestDistance && count > bestCount)) {
          best = candidate;
          bestDistance = d;
          bestCount = count;
        }
      }
    }
    return best === undefined ? undefined : [best];
  }

  private split(word: string): [string, string] | undefined {
    for (let i = word.length - 2; i >= 2; i--) {
      const left = word.slice(0, i);
      const right = word.slice(i);
      if (this.vocabulary.has(left) && this.vocabulary.has(right)) return [left, right];
    }
    return undefined;
  }
}

function collapseDoubles(word: string): string {
  return word.replace(/(.)\1+/g, "$1");
}
