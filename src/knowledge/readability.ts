/**
 * Flesch-Kincaid grade level of an answer (Kincaid et al., 1975):
 *
 *     grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
 *
 * The formula is three lines; the hard part is counting syllables, which the `syllable`
 * package does (wooorm, MIT, used by retext-readability: English rules plus a list of
 * exceptions, no network, no data files). Sentences and words are split here:
 * - a sentence ends at ".", "!" or "?" followed by a space or the end, or at a line break;
 * - a word is a run of letters and digits (a hyphenated word counts once, its parts' syllables added);
 * - numbers are read out digit by digit ("988" is three syllables, "2023" four);
 * - initialisms are read letter by letter ("FDA", "IV", "PTSD": one syllable a letter).
 *
 * Placeholders are measured as a one-syllable word (the clinic's facts are not the answer's wording).
 */
import { syllable } from "syllable";

export interface Readability {
  readonly sentences: number;
  readonly words: number;
  readonly syllables: number;
  /** Flesch-Kincaid grade level, one decimal. */
  readonly grade: number;
}

/** The grade the curation standard allows (about grade 6 to 8). */
export const MAX_GRADE = 8;

const INITIALISM = /^[A-Z]{2,6}s?$/;

/** Syllables in one word as it is read aloud. */
export function wordSyllables(word: string): number {
  if (/^\d+$/.test(word)) return word.length;
  if (INITIALISM.test(word)) return word.replace(/s$/, "").length;
  return word
    .split("-")
    .filter((part) => part.length > 0)
    .reduce((n, part) => n + (/^\d+$/.test(part) ? part.length : INITIALISM.test(part) ? part.length : Math.max(1, syllable(part))), 0);
}

/** Splits a text into sentences (see the module comment). */
export function sentencesOf(text: string): string[] {
  return text
    .replace(/\{[A-Za-z]+\}/g, "it")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[A-Za-z0-9]/.test(s));
}

/** The words of a sentence: letters, digits, apostrophes and inner hyphens. */
export function wordsOf(sentence: string): string[] {
  return sentence.match(/[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*/g) ?? [];
}

/** Flesch-Kincaid grade level and the counts behind it. */
export function readability(text: string): Readability {
  const sentences = sentencesOf(text);
  const words = sentences.flatMap(wordsOf);
  if (words.length === 0) return { sentences: 0, words: 0, syllables: 0, grade: 0 };
  const syllables = words.reduce((n, w) => n + wordSyllables(w.replace(/['\u2019]s$/, "")), 0);
  const grade = 0.39 * (words.length / sentences.length) + 11.8 * (syllables / words.length) - 15.59;
  return { sentences: sentences.length, words: words.length, syllables, grade: Math.round(grade * 10) / 10 };
}
