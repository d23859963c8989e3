import { joinSpacedWords } from "../text/spaced-words.js";
import { readLeetWords, undoubleEveryLetter } from "../text/letter-play.js";

/**
 * Text normalisation for the safety screen. Patterns are written against the output of
 * {@link normalise}: lowercase ASCII letters and digits separated by single spaces, no
 * punctuation, no apostrophes ("i'm" becomes "im"), common misspellings and SMS shorthand
 * spelled out ("wnt" becomes "want", "wanna" becomes "want to"). Pure and synchronous.
 *
 * Deliberately separate from the FAQ matcher's shorthand (src/knowledge/shorthand.ts), which
 * even expands the other way ("im" to "i am"): a change made for FAQ matching must never
 * change what counts as a crisis, and the safety patterns are written against this exact form.
 */

/** Longer input is cut: a turn never waits on a pasted essay, and no real message is this long. */
export const MAX_SCREENED_CHARS = 4000;

/**
 * Whole-token respellings. Values may be several words. Kept to tokens that are unambiguous
 * in a message to a clinic; "ill" (I'll / ill) and "2" (to / two) are deliberately absent.
 */
const TOKEN_MAP: Readonly<Record<string, string>> = {
  // verbs and contractions
  wanna: "want to", wana: "want to", wnna: "want to", wnt: "want", wnat: "want", whant: "want", wamt: "want",
  gonna: "going to", gona: "going to", gunna: "going to", finna: "going to",
  imma: "im going to", ima: "im going to", tryna: "trying to", gotta: "got to", kinda: "kind of",
  lemme: "let me", gimme: "give me", dnt: "dont", cnt: "cant", cannot: "cant",
  shud: "should", shld: "should", shoud: "should", wud: "would", wld: "would", woud: "would", cud: "could",
  iam: "im", goin: "going", livin: "living", hurtin: "hurting", cuttin: "cutting",
  killin: "killing", kiling: "killing", dieing: "dying", dyin: "dying", dyng: "dying",
  thinkin: "thinking", endin: "ending", feelin: "feeling", doin: "doing", tryin: "trying", takin: "taking",
  wakin: "waking", sleepin: "sleeping", plannin: "planning", wantin: "wanting", somethin: "something", bout: "about",
  // pronouns and function words
  u: "you", ur: "your", r: "are", y: "why", n: "and", abt: "about", wat: "what", wut: "what", wht: "what",
  bc: "because", bcuz: "because", bcoz: "because", cuz: "because", coz: "because", thru: "through",
  plz: "please", pls: "please", plss: "please", b4: "before", rn: "right now", tbh: "to be honest",
  fr: "for real", ngl: "not going to lie", rly: "really", rlly: "really", srsly: "seriously",
  idk: "i dont know", idc: "i dont care", ppl: "people",
  sum1: "someone", some1: "someone", smone: "someone", every1: "everyone", evry1: "everyone",
  everyon: "everyone", evryone: "everyone", any1: "anyone", no1: "no one", noone: "no one", nobdy: "nobody",
  myslef: "myself", myslf: "myself", mself: "myself", mysef: "myself", meself: "myself", myselfe: "myself",
  mysel: "myself", mysefl: "myself", myelf: "myself", myseld: "myself", mysself: "myself",
  // time
  tonite: "tonight", "2nite": "tonight", "2night": "tonight", tonigh: "tonight", tnight: "tonight", tonght: "tonight",
  nite: "night", "2day": "today", "2moro": "tomorrow", "2morrow": "tomorrow", tmrw: "tomorrow", tmr: "tomorrow",
  tomorow: "tomorrow", tommorow: "tomorrow", tommorrow: "tomorrow", tomoro: "tomorrow",
  anymor: "anymore", anymroe: "anymore", anymre: "anymore", nemore: "anymore", anymoree: "anymore",
  // crisis vocabulary
  kil: "kill", kll: "kill", kiil: "kill", kiled: "killed", kild: "killed", ded: "dead", deth: "death",
  lyf: "life", lfe: "life", nothin: "nothing", nuthin: "nothing", nothng: "nothing", nothign: "nothing",
  everythin: "everything", evrything: "everything", everyting: "everything", evrythin: "everything",
  pils: "pills", pillz: "pills", overdoze: "overdose", ovrdose: "overdose", overdos: "overdose",
  goodby: "goodbye", gudbye: "goodbye", goodbi: "goodbye", gdbye: "goodbye", gbye: "goodbye",
  leter: "letter", leters: "letters", lettr: "letter", lettrs: "letters",
  dissapear: "disappear", disapear: "disappear", dissappear: "disappear", exsist: "exist", exsit: "exist",
  beter: "better", burdon: "burden", burdan: "burden", tierd: "tired", tird: "tired",
  suicidel: "suicidal", sucidal: "suicidal", suicdal: "suicidal", suisidal: "suicidal", suicidle: "suicidal",
  sucidel: "suicidal", suacidal: "suicidal", suicidial: "suicidal", suicidical: "suicidal", suidical: "suicidal",
  sucide: "suicide", suicde: "suicide", suiside: "suicide", suicid: "suicide", sucid: "suicide",
  suecide: "suicide", suacide: "suicide", siucide: "suicide", suside: "suicide", suicude: "suicide",
  // medical vocabulary
  prego: "pregnant", preggo: "pregnant", preggers: "pregnant", pregant: "pregnant", pregnat: "pregnant",
  prgnant: "pregnant", pregnent: "pregnant", ketamin: "ketamine", ketamene: "ketamine", katamine: "ketamine",
  ketemine: "ketamine", kedamine: "ketamine", medz: "meds", dr: "doctor",
};

/** Phrases respelled after the token map (the left side is already normalised). */
const PHRASE_MAP: readonly (readonly [RegExp, string])[] = [
  [/\bcan not\b/g, "cant"],
  [/\bany more\b/g, "anymore"],
  [/\bmy self\b/g, "myself"],
  [/\bevery one\b/g, "everyone"],
  [/\bsome one\b/g, "someone"],
  [/\bgood bye\b/g, "goodbye"],
  [/\bbreast feed/g, "breastfeed"],
  [/\bi m\b/g, "im"],
  [/\bi am\b/g, "im"],
];

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
  let out = s
    .split(" ")
    .map((t) => TOKEN_MAP[t] ?? t)
    .join(" ");
  for (const [re, to] of PHRASE_MAP) out = out.replace(re, to);
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
 * ("k m s") and doubled last letters dropped ("pillss"). Usually one element; duplicates
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
  }
  const undoubled = respell(undoubleEndings(collapseRuns(prepared, 1)));
  if (!variants.includes(undoubled)) variants.push(undoubled);
  return variants;
}
