/**
 * Two ways of typing a word that hide it from a plain reading, undone before the safety screen
 * and the classifiers read a message. Both expect lowercase text.
 */

/** Digits and symbols read as the letters they stand for. */
const LEET_LETTERS: Readonly<Record<string, string>> = { "1": "i", "!": "i", "|": "i", "0": "o", "3": "e", "4": "a", "@": "a", "5": "s", $: "s", "7": "t" };
/** A word that begins and ends with a letter and has digits or symbols inside: "d3@d", "k1ll", "su1c1de". */
const LEET_WORD = /(?<![a-z0-9@$!|])[a-z][a-z0-9@$!|]*[0-9@$!|][a-z0-9@$!|]*[a-z](?![a-z0-9@$!|])/g;

/**
 * Reads leetspeak inside words: "d3@d by m0rning" is "dead by morning". Only inside a word that
 * begins and ends with a letter, so "50mg", "2nd", "988" and "24/7" stay as they are.
 */
export function readLeetWords(s: string): string {
  return s.replace(LEET_WORD, (word) => word.replace(/[0-9@$!|]/g, (c) => LEET_LETTERS[c] ?? c));
}

const WORD = /[a-z]+/g;
const ALL_DOUBLED = /^(?:([a-z])\1)+$/;

/**
 * Every letter typed twice, "ii wwaanntt ttoo ddiiee", is read once: "i want to die". Only when
 * at least two words of four letters or more are doubled throughout, so "too", "see" and
 * "llama" are never touched.
 */
export function undoubleEveryLetter(s: string): string {
  let doubled = 0;
  for (const [w] of s.matchAll(WORD)) if (w.length >= 4 && ALL_DOUBLED.test(w) && ++doubled >= 2) break;
  if (doubled < 2) return s;
  return s.replace(WORD, (w) => (ALL_DOUBLED.test(w) ? w.replace(/([a-z])\1/g, "$1") : w));
}
