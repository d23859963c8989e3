import { stemmer } from "stemmer";
import { SHORTHAND } from "./shorthand.js";
import { SpellingCorrector } from "../nlu/spelling.js";
import { ANAPHORS, PHRASES, SALUTATIONS, STOP_WORDS, SYNONYMS } from "./synonyms.js";

/** What the matcher reads from a message. */
export interface Analysis {
  /** Concept tokens in message order, stop words removed ("how long do they last" -> how, long, last). */
  readonly tokens: readonly string[];
  /** Tokens the tables and the knowledge base may not know, and whether each came from an English word. */
  readonly english: ReadonlyMap<string, boolean>;
  /** Tokens plus ordered pairs up to two tokens apart ("how_long", "long_last"): pairs tell close topics apart. */
  readonly features: readonly string[];
  /**
   * How the text points back to something said before: "strong" for they/them/those; "weak" for
   * it/this/that (usually ketamine itself) or a leading "and"/"what about"; else "none".
   */
  readonly anaphora: "strong" | "weak" | "none";
}

const STRONG_ANAPHORS = new Set(["they", "them", "those", "these", "their"]);

/** How far apart two tokens may be and still form a pair ("how long is each session" -> long_session). */
const PAIR_SPAN = 2;

const INTRAMUSCULAR_NEXT = new Set(["injection", "injections", "shot", "shots", "ketamine"]);

/**
 * Lowercase surface words with SMS shorthand and contractions expanded, before spelling
 * correction. "Hw long r IM shots?" -> how, long, are, intramuscular, shots.
 */
export function surfaceWords(text: string): string[] {
  const cleaned = text
    .replace(/\bIM\b/g, " intramuscular ") // capital IM is the injection, not "I'm"
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, "")
    .replace(/\$/g, " cost ")
    .replace(/&/g, " and ")
    .replace(/\bw\/o\b/g, " without ")
    .replace(/\bw\//g, " with ")
    .replace(/\bs\/e\b/g, " side effects ");
  const raw = cleaned.split(/[^a-z0-9]+/).filter(Boolean);
  const words: string[] = [];
  raw.forEach((word, i) => {
    if (word === "im" && INTRAMUSCULAR_NEXT.has(raw[i + 1] ?? "")) {
      words.push("intramuscular");
      return;
    }
    const expanded = SHORTHAND[word];
    if (expanded === undefined) words.push(word);
    else if (expanded !== "") words.push(...expanded.split(" "));
  });
  return words;
}

/**
 * Question frames that stop words would erase: "does it work?" asks whether it helps (efficacy),
 * "how does it work?" asks for the mechanism. Each adds a concept token.
 */
const FRAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:so |and |but )?(?:does|do|will|would|can|could|did|is|has)\b(?!.*\bhow\b)(?:\s+\w+){0,4}\s+(?:work|works|working|help|helps)\b/, "efficacy"],
  [/\bhow (?:does|do|did|would|will|can|could|is|are)\b(?:\s+\w+){0,3}\s+(?:work|works|working|help|helps|treat|treats)\b/, "mechanism"],
];

type PhraseRule = { readonly words: readonly string[]; readonly replacement: readonly string[] };
const PHRASE_RULES = new Map<string, PhraseRule[]>();
for (const [phrase, replacement] of PHRASES) {
  const words = phrase.split(" ");
  const rules = PHRASE_RULES.get(words[0]!) ?? [];
  rules.push({ words, replacement: replacement === "" ? [] : replacement.split(" ") });
  rules.sort((a, b) => b.words.length - a.words.length);
  PHRASE_RULES.set(words[0]!, rules);
}

/** Concept tokens the tables produce: domain words even when no FAQ phrasing uses them. */
export const TABLE_CONCEPTS: ReadonlySet<string> = new Set([
  ...SYNONYMS.values(),
  ...PHRASES.flatMap(([, r]) => r.split(" ").filter(Boolean)),
]);

/** Every word the phrase and synonym tables and shorthand know: a spelling vocabulary beyond the FAQ's own words. */
export const TABLE_WORDS: ReadonlySet<string> = (() => {
  const words = new Set<string>([...SYNONYMS.keys(), ...STOP_WORDS, ...ANAPHORS]);
  for (const [phrase] of PHRASES) for (const w of phrase.split(" ")) words.add(w);
  for (const value of Object.values(SHORTHAND)) for (const w of value.split(" ")) if (w) words.add(w);
  return words;
})();

/** Porter stem of a word no table maps ("eating" -> "eat"); the same rule runs on the FAQ and on messages. */
function stem(word: string): string {
  return word.length <= 3 ? word : stemmer(word);
}

/** Collapses stretched letters: "hiii" -> "hi", "sooo" -> "so" (or to two letters when that is a known word). */
function unstretch(word: string, corrector: SpellingCorrector): string {
  if (!/(.)\1\1/.test(word)) return word;
  const two = word.replace(/(.)\1{2,}/g, "$1$1");
  if (corrector.knows(two)) return two;
  const one = word.replace(/(.)\1{2,}/g, "$1");
  return corrector.knows(one) ? one : two;
}

/** Turns text into concept tokens; one instance serves the index and every message. */
export class TextAnalyser {
  constructor(
    private readonly corrector: SpellingCorrector,
    private readonly isWord: (word: string) => boolean = () => false,
  ) {}

  analyse(text: string): Analysis {
    const words = surfaceWords(text);
    const surface = words.length === 1 && SALUTATIONS.has(words[0]!) ? ["hello"] : words;
    const corrected: string[] = [];
    for (const word of surface) {
      const w = unstretch(word, this.corrector);
      if (STOP_WORDS.has(w)) corrected.push(w);
      else corrected.push(...this.corrector.correct(w));
    }
    const concepts: string[] = [];
    const joined = words.join(" ");
    for (const [frame, concept] of FRAMES) if (frame.test(joined)) concepts.push(concept);
    const english = new Map<string, boolean>();
    // "and how long...?", "what about the cost?": a follow-up even without a pronoun.
    let anaphora: Analysis["anaphora"] =
      surface[0] === "and" || surface[0] === "also" || (/^(what|how)$/.test(surface[0] ?? "") && surface[1] === "about") ? "weak" : "none";
    for (let i = 0; i < corrected.length; ) {
      const word = corrected[i]!;
      const rule = PHRASE_RULES.get(word)?.find((r) => r.words.every((w, k) => corrected[i + k] === w));
      if (rule) {
        concepts.push(...rule.replacement);
        i += rule.words.length;
        continue;
      }
      if (STRONG_ANAPHORS.has(word)) anaphora = "strong";
      else if (ANAPHORS.has(word) && anaphora === "none") anaphora = "weak";
      const concept = /^\d+$/.test(word) ? "num" : (SYNONYMS.get(word) ?? (STOP_WORDS.has(word) ? word : stem(word)));
      if (!SYNONYMS.has(word)) english.set(concept, (english.get(concept) ?? false) || this.isWord(word));
      concepts.push(concept);
      i += 1;
    }
    const tokens = concepts.filter((t) => !STOP_WORDS.has(t));
    const features = [...tokens];
    for (let i = 0; i < tokens.length; i++) {
      for (let j = i + 1; j <= i + PAIR_SPAN && j < tokens.length; j++) features.push(`${tokens[i]}_${tokens[j]}`);
    }
    return { tokens, features, anaphora, english };
  }
}
