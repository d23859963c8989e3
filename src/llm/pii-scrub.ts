import { isEnglishWord } from "../nlu/english.js";

/**
 * Removes personal data from text before it leaves for OpenAI: names, phone numbers, emails,
 * dates of birth (every full date, and any date or year after "born" or "DOB"), street
 * addresses and long numbers (member ids). Each is replaced by a marker such as `[name]`, so
 * the model still sees the shape of the sentence. Clinic facts (its name, phone and address)
 * are not personal data and are kept.
 *
 * Over-scrubbing is the safe error here: a lost word costs a routing guess, a leaked name
 * cannot be taken back.
 */

/** Replacement markers; the router prompt tells the model what they mean. */
export const MARKERS = { name: "[name]", phone: "[phone]", email: "[email]", date: "[date]", address: "[address]" } as const;

export interface ScrubOptions {
  /** Text that is not personal data even if it looks like it (the clinic's name, phone, address). */
  readonly keep?: readonly string[];
  /**
   * Names the person gave earlier in the conversation (the booking name, an introduction), as the
   * conversation state knows them: every word of each is removed wherever it appears, in any case.
   */
  readonly names?: readonly string[];
}

const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY = "(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?";
const YEAR = "(?:19|20)\\d{2}";

const EMAIL = /[\w.%+-]+@[\w-]+(?:\.[\w-]+)+/gi;
/** A date with a year: 3/4/1985, 03-04-85, 1985-03-04, March 4 1985, 4th of March, 1985. */
const FULL_DATE = new RegExp(
  [
    `\\b\\d{1,2}[/.-]\\d{1,2}[/.-](?:${YEAR}|\\d{2})\\b`,
    `\\b${YEAR}[/.-]\\d{1,2}[/.-]\\d{1,2}\\b`,
    `\\b${MONTH}\\s+${DAY},?\\s+(?:${YEAR}|'\\d{2})\\b`,
    `\\b${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+(?:${YEAR}|'\\d{2})\\b`,
  ].join("|"),
  "gi",
);
/** A birth date without a year, or a bare birth year: "born on March 4", "DOB 3/4", "born in 85". */
const BIRTH_CONTEXT = new RegExp(
  `\\b(born(?:\\s+(?:on|in))?|d\\.?o\\.?b\\.?|date\\s+of\\s+birth|birth\\s*day(?:\\s+is)?|bday(?:\\s+is)?)(\\s*(?:is|was|:|-)?\\s*)` +
    `(${MONTH}\\s+${DAY}|${DAY}\\s+(?:of\\s+)?${MONTH}|\\d{1,2}[/.-]\\d{1,2}|${YEAR}|'?\\d{2}\\b)`,
  "gi",
);
/** Seven or more digits with the usual separators: phone numbers, member and record ids. */
const LONG_NUMBER = /(?<![\w@])(?:\+\s?|\()?\d[\d\s().-]{5,}\d(?!\w)/g;
const STREET =
  /\b\d{1,6}\s+(?:[A-Za-z0-9]+\s+){0,3}(?:st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|ct|court|way|pl|place|ter|terrace|pkwy|parkway|hwy|highway)\b\.?(?:,?\s*(?:apt|unit|suite|ste|#)\.?\s*[\w-]+)?/gi;

/** Phrases after which the next words are a name whatever their case. */
const NAMING = /\b(my\s+name\s+is|my\s+name's|name\s*:|name's|call\s+me|i\s+go\s+by|signed,?|sincerely,?|regards,?)(\s+)/gi;
/** Phrases after which a word is a name unless it reads as a description ("I'm worried"). */
const INTRO = /\b(i\s*'?\s*m|i\s+am|this\s+is|it\s*'?\s*s|its)(\s+)/gi;
const RELATIVE =
  /\b(my\s+(?:wife|husband|partner|son|daughter|mom|mum|mother|dad|father|sister|brother|friend|boyfriend|girlfriend|fiance|fiancee|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|niece|nephew|roommate|therapist|doctor|psychiatrist),?\s+)/gi;
const TITLE = /\b((?:dr|doctor|mr|mrs|ms|miss|nurse)\.?\s+)/gi;
/** A name first, then "here": "Sarah Jones here. I've been...", "hi, sarah here". */
const NAME_HERE = /(^|[.!?\n,]\s*|\b(?:hi|hello|hey|hiya)\s+)([\p{L}][\p{L}'-]+)(?:(\s+)([\p{L}][\p{L}'-]+))?(\s+here\b)/giu;
/** A sign-off at the very end: "thanks, Sarah", "- Sam", "thx Ana". */
const SIGN_OFF = /(\b(?:thanks|thank\s+you|thx|ty|cheers|best|regards|love)[,!.]?\s+|(?:^|\n)\s*[-~]\s*)([A-Z][a-z'-]+)(\s+[A-Z][a-z'-]+)?\s*[.!]?\s*$/;

/** Words that follow "I'm", "this is" or "it's" without being a name. */
const NOT_NAMES = new Set(
  (
    "a an the not no so very really just also still now here there back new good fine ok okay well sure unsure ready sorry sad glad happy " +
    "tired scared afraid anxious nervous depressed suicidal sick ill pregnant diabetic curious interested in on at from with about over " +
    "under into currently already only always never kinda sorta gonna wanna tryna able unable free busy available old young adult veteran " +
    "vet nurse doctor patient student mom dad mother father parent caregiver lost stuck out off up down late early allergic bipolar done " +
    "home alone married single divorced retired unemployed employed covered insured uninsured eligible open desperate hopeless exhausted " +
    "your his her their my it this that what who one someone somebody anyone nobody too quite pretty super extremely totally kind sort " +
    "like more less much all both either neither for to of by as if when because since and or but then than worth possible true false " +
    "right wrong correct clear confused concerned skeptical hesitant overwhelmed frustrated struggling better worse same different " +
    "ketamine spravato depression anxiety ptsd ocd pain weird fair safe legal expensive cheap covered normal common okay alright afraid " +
    "hurting suffering dying bad terrible awful great fantastic nice cool fine ok im its u you we they he she i me us them hi hello hey " +
    "thinking texting calling asking wondering hoping planning considering looking having trying feeling going getting doing being " +
    "booked scheduled calling"
  ).split(/\s+/),
);
/** Participles and adjectives ("worried", "looking", "hopeful"), so "I'm Worried" stays. */
const DESCRIPTIVE_SUFFIX = /^[a-z]{3,}(?:ing|ed|ly|ful|ous|ive|able|ible|less|ish)$/i;
const GREETING_BEFORE = /\b(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening))\b[\s,!.]*$/i;
const NAME_WORD = /^[\p{L}][\p{L}'-]*$/u;
const STOP_AFTER_NAME = new Set(["what", "what's", "whats", "how", "how's", "hows", "when", "where", "why", "does", "do", "are", "so", "ok", "okay", "and", "i", "im", "i'm", "from", "here", "speaking", "calling", "texting", "but", "my", "with", "who", "the", "a", "to", "is", "was", "have", "had", "would", "want", "wanted", "need", "needed", "looking", "asking", "about", "for", "on", "in", "at", "of", "please", "pls", "can", "could", "will"]);

/**
 * Scrubs one text. Pure and synchronous; safe to run on every message.
 *
 * @example scrubPersonalData("Hi I'm Sarah Jones, call me at 555-201-3344") === "Hi I'm [name], call me at [phone]"
 */
export function scrubPersonalData(text: string, options: ScrubOptions = {}): string {
  // The scrubber marks spans with these two control characters; a person's text must not carry its own.
  const { protectedText, restore } = protect(text.replace(/[\u0001\u0002]/g, ""), options.keep ?? []);
  let out = protectedText;
  out = out.replace(EMAIL, MARKERS.email);
  out = out.replace(FULL_DATE, MARKERS.date);
  out = out.replace(BIRTH_CONTEXT, (_m, lead: string, gap: string) => `${lead}${gap}${MARKERS.date}`);
  out = out.replace(STREET, MARKERS.address);
  out = out.replace(LONG_NUMBER, (match) => (digitCount(match) >= 7 ? MARKERS.phone : match));
  out = scrubKnownNames(out, options.names ?? []);
  out = scrubNames(out);
  return restore(out);
}

/**
 * The names a text introduces ("I'm Sarah Jones", "Sarah Jones here", "thanks, Rob", "my sister
 * Jane"), as written, so the conversation state can remember them and scrub them from later
 * messages that no longer carry the introduction ("jones is my last name", a booking name typed alone).
 */
export function findNames(text: string): string[] {
  const found: string[] = [];
  scrubNames(text.replace(/[\u0001\u0002]/g, ""), found);
  return [...new Set(found.map((n) => n.trim()).filter((n) => n.length > 1))];
}

/** Remembered names, each word at least two letters, removed as whole words; longest first. */
function scrubKnownNames(text: string, names: readonly string[]): string {
  const words = new Set<string>();
  for (const name of names) {
    const trimmed = name.trim();
    if (trimmed.length < 2) continue;
    words.add(trimmed);
    for (const w of trimmed.split(/[\s,]+/)) if (/^\p{L}[\p{L}'-]+$/u.test(w)) words.add(w);
  }
  let out = text;
  for (const w of [...words].sort((a, b) => b.length - a.length)) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\d])${escapeRegExp(w)}(?![\\p{L}\\d])`, "giu"), MARKERS.name);
  }
  return out.replace(/\[name\](?:\s+\[name\])+/g, MARKERS.name);
}

/** A scrubber that keeps the clinic's own name, phone numbers and address. */
export function clinicScrubber(clinic: { readonly name: string; readonly phone: string; readonly phoneE164?: string; readonly address?: string }): Scrubber {
  const keep = [clinic.name, clinic.phone, clinic.phoneE164, clinic.address].filter((k): k is string => typeof k === "string" && k.trim().length > 0);
  return (text, names) => scrubPersonalData(text, { keep, ...(names ? { names } : {}) });
}

/** Scrubs one text; `names` are the names the conversation state knows (see `ScrubOptions.names`). */
export type Scrubber = (text: string, names?: readonly string[]) => string;

function scrubNames(text: string, found?: string[]): string {
  const applyCuts = (t: string): string => applyCutsCollecting(t, found);
  let out = applyCuts(
    text.replace(NAMING, (m: string, _lead: string, _gap: string, offset: number, whole: string) =>
      cut(m, nameLength(whole.slice(offset + m.length), { anyCase: true })),
    ),
  );
  out = applyCuts(
    out.replace(INTRO, (m: string, lead: string, _gap: string, offset: number, whole: string) => {
      const greeted = GREETING_BEFORE.test(whole.slice(Math.max(0, offset - 24), offset));
      // "it's X" is only an introduction right after a greeting ("hey it's Sam"); otherwise it is "it's expensive".
      if (/^it/i.test(lead) && !greeted) return m;
      return cut(m, nameLength(whole.slice(offset + m.length), { anyCase: false, greeted }));
    }),
  );
  out = applyCuts(out.replace(RELATIVE, (m: string, _lead: string, offset: number, whole: string) => capitalisedNameAfter(m, offset, whole)));
  out = applyCuts(out.replace(TITLE, (m: string, _lead: string, offset: number, whole: string) => capitalisedNameAfter(m, offset, whole)));
  out = out.replace(NAME_HERE, (m: string, lead: string, first: string, gap: string | undefined, second: string | undefined, here: string) => {
    if (!looksLikeName(first, { anyCase: false, greeted: true }) || HERE_NOT_NAMES.has(first.toLowerCase())) return m;
    const both = second !== undefined && continuesName(second, { anyCase: false, greeted: true });
    if (!both && second !== undefined) return m;
    found?.push(both ? `${first}${gap}${second}` : first);
    return `${lead}${MARKERS.name}${here}`;
  });
  return out.replace(SIGN_OFF, (m: string, lead: string, first: string, second: string | undefined) => {
    if (NOT_NAMES.has(first.toLowerCase()) && !second) return m;
    found?.push(second ? `${first}${second}` : first);
    return `${lead}${MARKERS.name}`;
  });
}

/** Words before "here" that are not a name ("question here", "anyone here?"). */
const HERE_NOT_NAMES = new Set("question questions anyone anybody someone somebody everyone nobody help new me over down up out in".split(" "));

/** Keeps `match` and marks the `length` characters after it for replacement by [name]. */
function cut(match: string, length: number): string {
  return length > 0 ? `${match}\u0001${length}\u0001` : match;
}

/**
 * How many characters at the start of `rest` are a name: one to three words separated by
 * spaces only (punctuation ends a name). 0 when the first word does not look like a name.
 */
function nameLength(rest: string, options: { anyCase: boolean; greeted?: boolean }): number {
  const word = /(\s*)([^\s,.;:!?()"\u0001\u0002]+)/y;
  let length = 0;
  for (let i = 0; i < 3; i++) {
    word.lastIndex = length;
    const m = word.exec(rest);
    if (!m) break;
    const [, gap = "", token = ""] = m;
    if (i === 0 ? !looksLikeName(token, options) : !continuesName(token, options)) break;
    if (i > 0 && gap.length === 0) break;
    length += gap.length + token.length;
  }
  return length;
}

function looksLikeName(word: string, options: { anyCase: boolean; greeted?: boolean }): boolean {
  if (!NAME_WORD.test(word)) return false;
  const lower = word.toLowerCase();
  if (NOT_NAMES.has(lower) || STOP_AFTER_NAME.has(lower)) return false;
  if (options.anyCase) return true;
  if (DESCRIPTIVE_SUFFIX.test(word)) return false;
  if (isCapitalised(word) && word !== word.toUpperCase()) return true;
  // All lowercase: a word that is not ordinary English ("sarah", "jaylen"), or any word right after a greeting ("hi im mike").
  return !isEnglishWord(lower) || options.greeted === true;
}

/** A second or third word belongs to the name: a surname, not the rest of the sentence. */
function continuesName(word: string, options: { anyCase: boolean; greeted?: boolean }): boolean {
  if (!NAME_WORD.test(word)) return false;
  const lower = word.toLowerCase();
  if (NOT_NAMES.has(lower) || STOP_AFTER_NAME.has(lower) || DESCRIPTIVE_SUFFIX.test(word)) return false;
  if (isCapitalised(word)) return true;
  // After "my name is" or a greeting ("hi im sarah jones"), a lowercase surname is likely; after a bare "I'm", only an unknown word is.
  return options.anyCase || options.greeted === true || !isEnglishWord(lower);
}

function capitalisedNameAfter(match: string, offset: number, whole: string): string {
  const next = whole.slice(offset + match.length).match(/^[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+)?/u)?.[0];
  if (!next || NOT_NAMES.has(next.toLowerCase())) return match;
  return cut(match, next.length);
}

/** Replaces "\u0001<n>\u0001" cut markers and the n characters after them with [name] (collecting what was cut). */
function applyCutsCollecting(text: string, found?: string[]): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("\u0001", i);
    if (start < 0) {
      out += text.slice(i);
      break;
    }
    const end = text.indexOf("\u0001", start + 1);
    const length = Number(text.slice(start + 1, end));
    out += text.slice(i, start) + MARKERS.name;
    found?.push(text.slice(end + 1, end + 1 + length));
    i = end + 1 + length;
  }
  return out;
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}

function digitCount(s: string): number {
  return s.replace(/\D/g, "").length;
}

/**
 * Hides the keep-strings behind placeholders no pattern matches, and gives a function that puts
 * them back. Phone numbers are compared by their digits, so any way of typing the clinic's number is kept.
 */
function protect(text: string, keep: readonly string[]): { protectedText: string; restore: (s: string) => string } {
  const saved: string[] = [];
  const hide = (value: string): string => {
    saved.push(value);
    return `\u0002${saved.length - 1}\u0002`;
  };
  let out = text;
  const phoneDigits = new Set(keep.filter((k) => digitCount(k) >= 7).map((k) => k.replace(/\D/g, "").slice(-10)));
  for (const value of [...keep].sort((a, b) => b.length - a.length)) {
    if (digitCount(value) >= 7 && /^[\d\s()+.-]+$/.test(value)) continue;
    out = out.replace(new RegExp(escapeRegExp(value), "gi"), hide);
  }
  out = out.replace(LONG_NUMBER, (match) => (phoneDigits.has(match.replace(/\D/g, "").slice(-10)) ? hide(match) : match));
  return { protectedText: out, restore: (s) => s.replace(/\u0002(\d+)\u0002/g, (_m, i: string) => saved[Number(i)] ?? "") };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
