import { joinSpacedWords } from "../text/spaced-words.js";
import { readLeetWords, undoubleEveryLetter } from "../text/letter-play.js";

/**
 * Text folding for the classifiers: what a message becomes before features are taken.
 * Lowercase ASCII words, emoji read as words, accents folded, leetspeak between letters
 * read as letters, letters spelled out one by one joined, long runs of one letter cut to
 * two, shorthand expanded. Pure and synchronous; the same function serves training and
 * classification, so a model sees at run time exactly the form it was trained on.
 */

/** Longer input is cut: nobody writes a crisis after the 4,000th character, and a turn never waits on an essay. */
export const MAX_FOLDED_CHARS = 4000;

/** The word lists folding uses (from `vocabulary/`, validated at load). */
export interface FoldVocabulary {
  /** Emoji (without variation selectors or skin tones) to the word they stand for. */
  readonly emoji: ReadonlyMap<string, string>;
  /** Shorthand token to the words it stands for. */
  readonly shorthand: ReadonlyMap<string, string>;
  /** Function words: features only inside word pairs. */
  readonly stopwords: ReadonlySet<string>;
}

const MODIFIERS = /[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\u200D]/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const ZERO_WIDTH = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
const COMBINING = /\p{M}+/gu;
const APOSTROPHES = /['\u2018\u2019\u201b\u02bc\u0060\u00b4]/g;
/** Leetspeak only between letters ("k1ll", "su1c1de"): "50mg", "2nd" and "988" stay. */
const LEET: readonly (readonly [RegExp, string])[] = [
  [/(?<=[a-z])[1!|](?=[a-z])/g, "i"],
  [/(?<=[a-z])0(?=[a-z])/g, "o"],
  [/(?<=[a-z])3(?=[a-z])/g, "e"],
  [/(?<=[a-z])[4@](?=[a-z])/g, "a"],
  [/(?<=[a-z])[5$](?=[a-z])/g, "s"],
  [/(?<=[a-z])7(?=[a-z])/g, "t"],
  [/(?<![a-z0-9])\$(?=[a-z])/g, "s"],
  // At the end of a word after two letters ("su1c1d3"); "50mg" and "988" have no letters before.
  [/(?<=[a-z]{2})3(?![a-z0-9])/g, "e"],
  [/(?<=[a-z]{2})0(?![a-z0-9])/g, "o"],
  [/(?<![a-z0-9])@(?=[a-z])/g, "a"],
];
/** Three or more single letters separated by one dot, dash, star, underscore or space: "s.u.i.c.i.d.e". */
const SPELLED_OUT = /(?<![a-z0-9])[a-z](?:[ .\-*_][a-z](?![a-z0-9])){2,}/g;

/**
 * Folds a message into classifier tokens.
 * @example foldTokens("I’m s-u-i-c-i-d-a-l 💊💊 2nite!!", vocab) -> ["im", "suicidal", "pill", "pill", "tonight"]
 */
export function foldTokens(text: string, vocab: FoldVocabulary): string[] {
  let s = text.length > MAX_FOLDED_CHARS ? text.slice(0, MAX_FOLDED_CHARS) : text;
  s = readEmoji(s.replace(MODIFIERS, ""), vocab.emoji);
  s = s.normalize("NFKD").replace(COMBINING, "").replace(ZERO_WIDTH, "").toLowerCase().replace(APOSTROPHES, "");
  for (const [re, to] of LEET) s = s.replace(re, to);
  s = undoubleEveryLetter(readLeetWords(s));
  s = joinSpacedWords(s).replace(SPELLED_OUT, (run) => run.replace(/[ .\-*_]/g, ""));
  s = s.replace(/([a-z])\1{2,}/g, "$1$1");
  const tokens: string[] = [];
  for (const raw of s.split(/[^a-z0-9]+/)) {
    if (raw === "") continue;
    // A doubled last letter is a common slip ("plss", "kmss"): the shorthand without it counts too
    // (from four letters: "odd" is not "od").
    const expanded = vocab.shorthand.get(raw) ?? (raw.length >= 4 && /([a-z])\1$/.test(raw) ? vocab.shorthand.get(raw.slice(0, -1)) : undefined);
    if (expanded === undefined) tokens.push(raw);
    else for (const word of expanded.split(" ")) tokens.push(word);
  }
  return tokens;
}

/** Replaces each known emoji by its word (spaced, so "💊💊" is two words); unknown pictographs are dropped. */
function readEmoji(text: string, emoji: ReadonlyMap<string, string>): string {
  if (!/[^\x00-\u024f]/.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const word = emoji.get(ch);
    if (word !== undefined) out += ` ${word} `;
    else if (PICTOGRAPH.test(ch) && ch.codePointAt(0)! > 0xff) out += " ";
    else out += ch;
  }
  return out;
}
