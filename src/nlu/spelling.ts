import { droppedG } from "./english.js";

/**
 * Typo tolerance by edit distance against a lexicon, not a hand list of respellings:
 * a word the lexicon does not know, and that is not an ordinary word either, becomes the
 * closest lexicon word (optimal string alignment: insertions, deletions, substitutions,
 * swaps), or the two lexicon words it was typed as ("howlong"). "killng my slef" reads
 * "killing my self"; "order" is never "corrected" to "older".
 */

/** Most edits allowed for a word of this length: none for short words, where a guess is usually wrong. */
export function maxEdits(length: number): number {
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

/** How often the training data uses a word: in all, and in the examples known to be English and Spanish. */
export interface LexiconCounts {
  readonly total: number;
  readonly en: number;
  readonly es: number;
}

/** A message leans to a language when the mean share of its known words is at least this far from even. */
const LEANING = 0.65;

/** Every string one deletion away from `word`. */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Corrects single words against a lexicon. Candidates come from a symmetric-deletion index
 * (a lexicon word and the typo share a one-letter deletion, or one is a deletion of the other),
 * which finds every single edit and most double ones without scanning the lexicon. Results
 * are cached: people repeat the same typos.
 */
export class SpellingCorrector {
  /** Built on the first word that needs it, or by {@link prepare}: most messages never do, and start-up does not wait for it. */
  private deletionIndex: Map<string, string[]> | undefined;
  private readonly cache = new Map<string, readonly string[]>();
  /** How many uses of known words the English and the Spanish examples hold (to compare a word's use across them). */
  private readonly uses = { en: 0, es: 0 };

  /**
   * @param lexicon known words and how often the training data uses them, in all and per language
   *   (ties go to the word commoner in the message's language, then to the commoner word)
   * @param isWord true for real words outside the lexicon: they are left as they are, never "corrected"
   */
  constructor(
    private readonly lexicon: ReadonlyMap<string, LexiconCounts>,
    private readonly isWord: (word: string) => boolean = () => false,
  ) {
    for (const c of lexicon.values()) {
      this.uses.en += c.en;
      this.uses.es += c.es;
    }
  }

  /** Builds the correction index now (a server does it after it starts listening). */
  prepare(): void {
    this.index();
  }

  private index(): Map<string, string[]> {
    if (this.deletionIndex) return this.deletionIndex;
    const index = new Map<string, string[]>();
    for (const word of this.lexicon.keys()) {
      if (word.length < 3) continue;
      for (const key of [word, ...deletions(word)]) {
        const list = index.get(key);
        if (list) list.push(word);
        else index.set(key, [word]);
      }
    }
    this.deletionIndex = index;
    return index;
  }

  knows(word: string): boolean {
    return this.lexicon.has(word);
  }

  /**
   * The language a message's known words lean to, or undefined when they do not lean clearly:
   * each word's share of Spanish use (its rate among Spanish examples against its rate among
   * English ones), averaged. "me tme tods ls pstillas d mi mama" leans Spanish, so its "tme" is
   * "tome", not "the".
   */
  leaning(tokens: readonly string[]): "en" | "es" | undefined {
    if (this.uses.en === 0 || this.uses.es === 0) return undefined;
    let sum = 0;
    let known = 0;
    for (const t of tokens) {
      const c = this.lexicon.get(t);
      if (!c || c.en + c.es === 0) continue;
      const es = c.es / this.uses.es;
      sum += es / (es + c.en / this.uses.en);
      known++;
    }
    if (known === 0) return undefined;
    const share = sum / known;
    return share >= LEANING ? "es" : share <= 1 - LEANING ? "en" : undefined;
  }

  /**
   * The word itself when known, a number or an ordinary word; else its correction (among
   * corrections as close, the one commonest in `language`, when the message leans to one), or
   * the two lexicon words it was typed as; else the word unchanged.
   */
  correct(word: string, language?: "en" | "es"): readonly string[] {
    // A dropped final g ("goin", "takin", "bleedin") is a way of writing, not a different word: it is read
    // as the -ing word, also when the training data happens to write it the dropped way ("robin", "within",
    // "thin" are words themselves and stay).
    const ing = language === "es" ? undefined : droppedG(word, this.isWord);
    if (ing) return [ing];
    if (this.lexicon.has(word) || /\d/.test(word) || word.length < 3) return [word];
    const key = language ? `${language}:${word}` : word;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const result = this.isWord(word) ? [word] : (this.nearest(word, language) ?? this.split(word) ?? [word]);
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  private nearest(word: string, language: "en" | "es" | undefined): [string] | undefined {
    const limit = maxEdits(word.length);
    if (limit === 0) return undefined;
    const candidates = new Set<string>();
    const index = this.index();
    for (const key of [word, ...deletions(word)]) for (const c of index.get(key) ?? []) candidates.add(c);
    let best: string | undefined;
    let bestDistance = limit + 1;
    let bestInLanguage = 0;
    let bestCount = 0;
    for (const candidate of candidates) {
      // Typos rarely change the first letter; skipping those avoids most false corrections.
      if (candidate[0] !== word[0] && !(candidate[1] === word[0] && candidate[0] === word[1])) continue;
      let d = editDistance(word, candidate, limit);
      if (d > limit) continue;
      // A dropped double letter ("helo", "adictive") is the likeliest typo of all; two letters
      // swapped ("dei" for "die") is likelier than one replaced.
      if (collapseDoubles(candidate) === collapseDoubles(word)) d -= 0.5;
      else if (isSwap(word, candidate)) d -= 0.3;
      const counts = this.lexicon.get(candidate);
      const count = counts?.total ?? 0;
      const inLanguage = language && counts ? counts[language] : 0;
      if (d < bestDistance || (d === bestDistance && (inLanguage > bestInLanguage || (inLanguage === bestInLanguage && count > bestCount)))) {
        best = candidate;
        bestDistance = d;
        bestInLanguage = inLanguage;
        bestCount = count;
      }
    }
    return best === undefined ? undefined : [best];
  }

  private split(word: string): [string, string] | undefined {
    for (let i = word.length - 2; i >= 2; i--) {
      const left = word.slice(0, i);
      const right = word.slice(i);
      if (this.lexicon.has(left) && this.lexicon.has(right)) return [left, right];
    }
    return undefined;
  }
}

/** True when `b` is `a` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

function collapseDoubles(word: string): string {
  return word.replace(/(.)\1+/g, "$1");
}
