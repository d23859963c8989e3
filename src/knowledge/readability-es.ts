/**
 * Readability of a Spanish answer: the Szigriszt-Pazos perspicuity index (1993), read on the
 * INFLESZ scale that Barrio-Cantalejo et al. validated for texts written for patients
 * ("Validación de la Escala INFLESZ para evaluar la legibilidad de los textos dirigidos a
 * pacientes", An. Sist. Sanit. Navar. 2008;31(2):135-152):
 *
 *     index = 206.835 - 62.3 * (syllables / words) - (words / sentences)
 *
 *     < 40 muy difícil · 40-55 algo difícil · 55-65 normal · 65-80 bastante fácil · > 80 muy fácil
 *
 * Higher is easier (the opposite of a grade level). The English answers aim at US grade 6 to 8;
 * INFLESZ's "normal" band (55 and up, which its authors give as the bar for patient texts) is the
 * nearest Spanish equivalent, so that is the limit.
 *
 * Spanish spelling is regular enough for a rule-based syllable count (no exceptions list as
 * English needs): each vowel nucleus is a syllable; a weak vowel (i, u, ü, and y at the end of
 * a word) next to another vowel forms a diphthong with it (one syllable: "cuan-do", "ai-re",
 * "muy"), two strong vowels (a, e, o, or an accented í/ú) are a hiatus (two: "le-er", "dí-a").
 * Silent u in que/qui/gue/gui joins the next vowel the same way. Rare ambiguous words
 * (a "hu" between vowels) may be off by one, which does not move an index by a point.
 * Numbers are read digit by digit ("988": nue-ve o-cho o-cho, six syllables) and initialisms
 * letter by letter by their Spanish names ("FDA": e-fe de a, four), as the English check does.
 * Placeholders count as one short word.
 */

export interface SpanishReadability {
  readonly sentences: number;
  readonly words: number;
  readonly syllables: number;
  /** Szigriszt-Pazos index on the INFLESZ scale, one decimal; higher is easier. */
  readonly inflesz: number;
}

/** The least INFLESZ index a Spanish answer may have ("normal", the bar for patient texts). */
export const MIN_INFLESZ = 55;

/** The INFLESZ band a score falls in. */
export function infleszBand(score: number): "muy difícil" | "algo difícil" | "normal" | "bastante fácil" | "muy fácil" {
  if (score < 40) return "muy difícil";
  if (score < 55) return "algo difícil";
  if (score < 65) return "normal";
  if (score <= 80) return "bastante fácil";
  return "muy fácil";
}

/** Syllables of each digit's Spanish name: cero, uno, dos, tres, cuatro, cinco, seis, siete, ocho, nueve. */
const DIGIT_SYLLABLES = [2, 2, 1, 1, 2, 2, 1, 2, 2, 2] as const;

/** Syllables of each letter's Spanish name (a, be, ce, de, e, efe, ge, hache, i, jota, ka, ele, eme, ene, eñe, o, pe, cu, erre, ese, te, u, uve, uve doble, equis, ye, zeta). */
const LETTER_SYLLABLES: Readonly<Record<string, number>> = {
  A: 1, B: 1, C: 1, D: 1, E: 1, F: 2, G: 1, H: 2, I: 1, J: 2, K: 1, L: 2, M: 2, N: 2, Ñ: 2, O: 1,
  P: 1, Q: 1, R: 2, S: 2, T: 1, U: 1, V: 2, W: 4, X: 2, Y: 1, Z: 2,
};

const INITIALISM = /^[A-ZÑ]{2,6}s?$/;
const STRONG = new Set("aeoáéóíú");
const WEAK = new Set("iuüy");

function isVowelAt(word: string, i: number): boolean {
  const c = word[i]!;
  if (STRONG.has(c) || c === "i" || c === "u" || c === "ü") return true;
  // y is a vowel alone ("y") or closing a word after a vowel ("muy", "hay", "soy").
  if (c === "y") return word.length === 1 || (i === word.length - 1 && i > 0 && isVowelAt(word, i - 1));
  return false;
}

/** Two adjacent vowels in one syllable: a diphthong needs a weak (unaccented i, u, ü, y) vowel. */
function sameSyllable(a: string, b: string): boolean {
  if (!WEAK.has(a) && !WEAK.has(b)) return false; // strong + strong: hiatus
  return a !== b; // "ii", "uu" are a hiatus ("chi-i-ta"); "iu", "ui", "ia", "ue"... are diphthongs
}

/** Syllables in one lowercase run of letters. */
function letterSyllables(word: string): number {
  let count = 0;
  let previous: string | null = null;
  for (let i = 0; i < word.length; i++) {
    if (isVowelAt(word, i)) {
      const c = word[i]!;
      if (previous === null || !sameSyllable(previous, c)) count += 1;
      previous = c;
    } else {
      previous = null;
    }
  }
  return Math.max(1, count);
}

/** Syllables in one Spanish word as it is read aloud. */
export function spanishSyllables(word: string): number {
  return word
    .split("-")
    .filter((part) => part.length > 0)
    .reduce((n, part) => {
      if (/^\d+$/.test(part)) return n + [...part].reduce((m, d) => m + DIGIT_SYLLABLES[Number(d)]!, 0);
      if (INITIALISM.test(part)) return n + [...part.replace(/s$/, "")].reduce((m, l) => m + (LETTER_SYLLABLES[l] ?? 1), 0);
      return n + letterSyllables(part.toLowerCase());
    }, 0);
}

/** Splits a Spanish text into sentences: at . ! ? (and a closing quote or bracket) before a space, or at a line break. */
export function spanishSentencesOf(text: string): string[] {
  return text
    .replace(/\{[A-Za-z]+\}/g, "sol")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}0-9]/u.test(s));
}

/** The words of a Spanish sentence: runs of letters (accents and ñ included) and digits, with inner hyphens. */
export function spanishWordsOf(sentence: string): string[] {
  return sentence.match(/[\p{L}0-9]+(?:-[\p{L}0-9]+)*/gu) ?? [];
}

/** Szigriszt-Pazos (INFLESZ) index of a Spanish text and the counts behind it. */
export function spanishReadability(text: string): SpanishReadability {
  const sentences = spanishSentencesOf(text);
  const words = sentences.flatMap(spanishWordsOf);
  if (words.length === 0) return { sentences: 0, words: 0, syllables: 0, inflesz: 100 };
  const syllables = words.reduce((n, w) => n + spanishSyllables(w), 0);
  const index = 206.835 - 62.3 * (syllables / words.length) - words.length / sentences.length;
  return { sentences: sentences.length, words: words.length, syllables, inflesz: Math.round(index * 10) / 10 };
}
