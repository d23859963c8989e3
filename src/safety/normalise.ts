import { joinSpacedWords } from "../text/spaced-words.js";
import { readLeetWords, undoubleEveryLetter } from "../text/letter-play.js";
import { loadSafetyRespellings, type SafetyRespellings } from "./respellings.js";
import { droppedG, isEnglishWord } from "../nlu/english.js";

/**
 * Text normalisation for the safety screen. Patterns are written against the output of
 * {@link normalise}: lowercase ASCII letters and digits separated by single spaces, no
 * punctuation, no apostrophes ("i'm" becomes "im"), common misspellings and SMS shorthand
 * spelled out ("wnt" becomes "want", "wanna" becomes "want to": `vocabulary/safety-respellings.yaml`).
 * Synchronous, and pure once the respellings are read.
 *
 * Deliberately separate from the classifiers' shorthand (`vocabulary/shorthand.yaml`, read by
 * src/nlu/fold.ts): a change made for question matching must never change what counts as a
 * crisis, and the safety patterns are written against this exact form.
 */

/** Longer input is cut: a turn never waits on a pasted essay, and no real message is this long. */
export const MAX_SCREENED_CHARS = 4000;

/**
 * The respellings (`vocabulary/safety-respellings.yaml`), read once. Start-up reads them through
 * {@link loadNormaliseData} (content.ts), so a bad file stops the server there, naming the file
 * and field, and never fails a screen later.
 */
let respellings: SafetyRespellings | undefined;

/** Reads the respellings now (start-up); later calls keep the first reading. */
export function loadNormaliseData(): SafetyRespellings {
  respellings ??= loadSafetyRespellings();
  return respellings;
}

const ZERO_WIDTH = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;
const COMBINING = /\p{M}+/gu;
const APOSTROPHES = /['\u2018\u2019\u201b\u02bc\u0060\u00b4]/g;
/** Leetspeak only between letters ("k1ll", "d!e", "su1c1de"): "50mg", "2nd" and "988" stay. */
const LEET: readonly (readonly [RegExp, string])[] = [
  [/(?<=[a-z])[1!|](?=[a-z])/g, "i"],
  [/(?<=[a-z])0(?=[a-z])/g, "o"],
  [/(?<=[a-z])3(?=[a-z])/g, "e"],
  [/(?<=[a-z])[4@](?=[a-z])/g, "a"],
  [/(?<=[a-z])[5$](?=[a-z])/g, "s"],
  [/(?<=[a-z])7(?=[a-z])/g, "t"],
  [/(?<![a-z0-9])\$(?=[a-z])/g, "s"],
  [/(?<![a-z0-9])@(?=[a-z])/g, "a"],
];

/** Lowercase, fold accents, respell symbols; punctuation becomes spaces. No token work yet. */
function prepare(text: string): string {
  let s = text.length > MAX_SCREENED_CHARS ? text.slice(0, MAX_SCREENED_CHARS) : text;
  s = s.normalize("NFKD").replace(COMBINING, "").replace(ZERO_WIDTH, "").toLowerCase();
  s = joinSpacedWords(s.replace(APOSTROPHES, ""));
  for (const [re, to] of LEET) s = s.replace(re, to);
  s = undoubleEveryLetter(readLeetWords(s));
  s = s
    .replace(/\bw\/o\b/g, " without ")
    .replace(/\bb\/c\b/g, " because ")
    .replace(/\bw\//g, " with ")
    .replace(/%/g, " percent ")
    .replace(/&/g, " and ")
    .replace(/\+/g, " plus ");
  return s.replace(/[^a-z0-9]+/g, " ").trim();
}

/** Runs of three or more of the same letter ("diiie", "pleeease") shortened to `keep` letters. */
function collapseRuns(s: string, keep: 1 | 2): string {
  return s.replace(/([a-z])\1{2,}/g, keep === 1 ? "$1" : "$1$1");
}

function respell(s: string): string {
  if (s === "") return s;
  const { tokens, phrases } = loadNormaliseData();
  let out = s
    .split(" ")
    .map((t) => tokens.get(t) ?? t)
    .join(" ");
  for (const [re, to] of phrases) out = out.replace(re, to);
  return out;
}

/**
 * Drops a doubled last letter where English words rarely have one ("helpp", "manyy",
 * "pillss"); "will", "pass", "see", "too", "off", "add" and "odd" keep theirs.
 */
function undoubleEndings(s: string): string {
  return s.replace(/([abghijkmnpqruvwxy])\1\b/g, "$1").replace(/([^aeious\s])ss\b/g, "$1s");
}

/** Joins runs of three or more single letters: "k m s" becomes "kms". */
function joinSpelledOut(s: string): string {
  return s.replace(/\b[a-z](?: [a-z]\b){2,}/g, (run) => run.replace(/ /g, ""));
}

/** Longer runs of letters typed one by one are not segmented (the search is quadratic in the length). */
const MAX_SEGMENTED_LETTERS = 40;

/**
 * Letters typed one by one with no wider gap between words ("s e l f h a r m i n g r n") join into
 * one run; this reads the run as the fewest words it can be cut into, each an English word, a
 * shorthand token of the respellings file ("rn", "kms") or "i" / "a": "self harming rn". A run that
 * cannot be cut that way stays whole.
 */
function segmentSpelledOut(s: string): string {
  const { tokens } = loadNormaliseData();
  const known = (w: string) => w === "i" || w === "a" || (w.length >= 2 && (tokens.has(w) || isEnglishWord(w)));
  return s.replace(/\b[a-z](?: [a-z]\b){5,}/g, (run) => {
    const letters = run.replace(/ /g, "");
    if (letters.length > MAX_SEGMENTED_LETTERS) return letters;
    // fewest[i]: the fewest words the first i letters are cut into; from[i]: where the last one starts.
    const fewest = new Array<number>(letters.length + 1).fill(Infinity);
    const from = new Array<number>(letters.length + 1).fill(-1);
    fewest[0] = 0;
    for (let end = 1; end <= letters.length; end++)
      for (let start = 0; start < end; start++)
        if (fewest[start]! + 1 < fewest[end]! && known(letters.slice(start, end))) {
          fewest[end] = fewest[start]! + 1;
          from[end] = start;
        }
    if (fewest[letters.length] === Infinity) return letters;
    const words: string[] = [];
    for (let end = letters.length; end > 0; end = from[end]!) words.unshift(letters.slice(from[end]!, end));
    return words.join(" ");
  });
}

/**
 * The canonical form every pattern is written against.
 * @example normalise("I’m SO tired... i wnt to diiie!!") === "im so tired i want to diie"
 */
export function normalise(text: string): string {
  return respell(collapseRuns(prepare(text), 2));
}

/**
 * The canonical form plus the other readings worth screening for a crisis: elongations
 * squeezed to one letter ("diiie" also reads "die"), letters spelled out one by one
 * ("k m s"), and cut into words ("s e l f h a r m i n g" reads "self harming"), letters written with dots joined ("o.d."), doubled last letters dropped ("pillss") and a
 * dropped final g put back ("shootin"). Usually one element; duplicates
 * are dropped. Extra readings can only add matches, never hide one.
 */
export function normalisedVariants(text: string): string[] {
  const prepared = prepare(text);
  const base = respell(collapseRuns(prepared, 2));
  const variants = [base];
  if (/([a-z])\1{2,}/.test(prepared)) {
    const squeezed = respell(collapseRuns(prepared, 1));
    if (squeezed !== base) variants.push(squeezed);
  }
  // Joined before respelling: shorthand would read the single letters "n" and "u" as "and" and "you".
  const spelled = collapseRuns(prepared, 2);
  const joined = joinSpelledOut(spelled);
  if (joined !== spelled) {
    const reading = respell(joined);
    if (!variants.includes(reading)) variants.push(reading);
    const segmented = respell(segmentSpelledOut(spelled));
    if (!variants.includes(segmented)) variants.push(segmented);
  }
  const undoubled = respell(undoubleEndings(collapseRuns(prepared, 1)));
  if (!variants.includes(undoubled)) variants.push(undoubled);
  // Letters written with dots ("o.d.", "k.m.s."): two are enough to be an abbreviation.
  if (/\b[a-z]\.[a-z]\b/i.test(text)) {
    const dotted = respell(collapseRuns(prepare(text.replace(/\b([a-z])\.(?=[a-z]\b)/gi, "$1")), 2));
    if (!variants.includes(dotted)) variants.push(dotted);
  }
  // A dropped final g ("shootin him", "takin em all") read as the -ing word, as the classifier reads it (src/nlu/spelling.ts).
  if (/[a-z]{3}in\b/.test(base)) {
    const withG = base.replace(/\b[a-z]{3,}in\b/g, (word) => droppedG(word) ?? word);
    if (!variants.includes(withG)) variants.push(withG);
  }
  return variants;
}
