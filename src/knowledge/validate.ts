import { analyseSms, type SmsAnalysis } from "../text/gsm7.js";
import { ENGLISH_RULES, contentProblems, type ContentRuleSet } from "./content-rules.js";
import { SPANISH_RULES } from "./content-rules-es.js";
import { findForbiddenClaims } from "./forbidden-claims.js";
import {
  PLACEHOLDERS,
  WEB_ONLY_PLACEHOLDERS,
  WORST_CASE_VALUES,
  isOptionalPlaceholder,
  isPlaceholder,
  parseAnswer,
  placeholdersIn,
  renderAnswer,
  renderLongest,
  withoutOptional,
  type Placeholder,
} from "./placeholders.js";
import { questionKey } from "./question-key.js";
import { MAX_GRADE, readability } from "./readability.js";
import { MIN_INFLESZ, infleszBand, spanishReadability } from "./readability-es.js";
import type { FaqEntry, KnowledgeBase } from "./types.js";

/** One thing wrong with the knowledge base, named by file and field. */
export interface KbProblem {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

/** Two GSM-7 segments: the longest SMS answer the product sends. */
export const MAX_SMS_SEPTETS = 306;

/**
 * Checks that look at answer text or across entries: placeholders and optional segments, SMS
 * length and encoding (with the longest clinic facts the profile accepts), the curation
 * standard's content rules and forbidden claims, and phrasings that appear under two entries or
 * intents. Run at start-up and by kb:check; readability is kb:check's (readabilityProblems).
 */
export function validateKnowledgeBase(kb: KnowledgeBase): KbProblem[] {
  const problems: KbProblem[] = [];
  for (const entry of kb.faq.values()) problems.push(...checkAnswers(entry));

  const owner = new Map<string, string>();
  const claim = (file: string, field: string, text: string): void => {
    const key = questionKey(text);
    const first = owner.get(key);
    if (first === undefined) owner.set(key, file);
    else problems.push({ file, field, message: `"${text}" is already a phrasing in ${first}` });
  };
  for (const entry of kb.faq.values()) entry.questions.forEach((q, i) => claim(`faq/${entry.id}.yaml`, `questions[${i}]`, q));
  for (const entry of kb.faq.values()) entry.es?.questions.forEach((q, i) => claim(`faq/${entry.id}.yaml`, `es.questions[${i}]`, q));
  for (const intent of kb.intents.values()) intent.examples.forEach((q, i) => claim(`intents/${intent.id}.yaml`, `examples[${i}]`, q));

  for (const id of kb.faq.keys()) {
    if (kb.intents.has(id)) problems.push({ file: `faq/${id}.yaml`, field: "id", message: `"${id}" is also an intent id; the matcher needs them distinct` });
  }
  return problems;
}

/** Each placeholder stands for itself, so readability measures the answer's own words. */
const PLACEHOLDER_WORDS = Object.fromEntries(PLACEHOLDERS.map((p) => [p, `{${p}}`])) as Record<Placeholder, string>;

/** The ways an answer can read: with every clinic fact, and with none of the optional ones. */
export function answerVariants(text: string, values: Readonly<Record<Placeholder, string>> = WORST_CASE_VALUES): string[] {
  const full = renderAnswer(text, values);
  const bare = renderAnswer(text, withoutOptional(values));
  return full === bare ? [full] : [full, bare];
}

/** Grade level of an answer: the harder of its variants (with and without optional facts). */
export function answerGrade(text: string): number {
  return Math.max(...answerVariants(text, PLACEHOLDER_WORDS).map((t) => readability(t).grade));
}

/** The longest an SMS answer can be, in GSM-7 characters, with any valid clinic profile. */
export function smsWorstLength(text: string): number {
  return analyseSms(renderLongest(text)).length;
}

/** Left-overs a person must never see: markup, empty brackets, "undefined". */
const ARTEFACTS = /[{}]|\[\[|\]\]|\|\||\bundefined\b|\bnull\b|\(\s*\)|\.\.(?!\.)|,\s*[.,]/;

/** The answer texts of one language of an entry, where they sit in the file, and the rules they follow. */
interface LanguageView {
  readonly language: "en" | "es";
  readonly prefix: string;
  readonly answers: { readonly sms: string; readonly web: string };
  readonly questions: readonly string[];
  readonly rules: ContentRuleSet;
}

function languageViews(entry: FaqEntry): LanguageView[] {
  const views: LanguageView[] = [{ language: "en", prefix: "answers", answers: entry.answers, questions: entry.questions, rules: ENGLISH_RULES }];
  if (entry.es) views.push({ language: "es", prefix: "es.answers", answers: entry.es.answers, questions: entry.es.questions, rules: SPANISH_RULES });
  return views;
}

function checkAnswers(entry: FaqEntry): KbProblem[] {
  const file = `faq/${entry.id}.yaml`;
  const problems: KbProblem[] = [];
  for (const view of languageViews(entry)) {
    for (const channel of ["sms", "web"] as const) {
      const field = `${view.prefix}.${channel}`;
      const text = view.answers[channel];
      const add = (message: string) => problems.push({ file, field, message });

      const { parts, problems: markup } = parseAnswer(text);
      markup.forEach(add);
      for (const name of placeholdersIn(text)) {
        if (!isPlaceholder(name)) add(`unknown placeholder {${name}}; use one of ${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}`);
        else if (channel === "sms" && WEB_ONLY_PLACEHOLDERS.includes(name)) add(`{${name}} is too long for SMS; use it in the web answer only`);
      }
      for (const part of parts) {
        if (part.kind === "text") {
          for (const name of placeholdersIn(part.text).filter(isOptionalPlaceholder)) {
            add(`{${name}} is optional in the clinic profile; put it inside [[...||fallback]] so a clinic without it reads well`);
          }
        } else {
          if (!placeholdersIn(part.primary).some(isOptionalPlaceholder)) add(`the segment "[[${part.primary}...]]" names no optional fact, so it is always shown; write it as plain text`);
          for (const name of placeholdersIn(part.fallback).filter(isOptionalPlaceholder)) {
            add(`{${name}} in a fallback: a fallback is shown when optional facts are missing, so it may use required facts only`);
          }
        }
      }
      if (view.language !== "en") for (const why of sameMarkupAsEnglish(entry.answers[channel], text)) add(why);
      for (const variant of answerVariants(text)) {
        if (ARTEFACTS.test(variant)) add(`reads badly once filled (${variant.match(ARTEFACTS)?.[0]}): "${variant.slice(0, 120)}..."`);
      }

      for (const why of findForbiddenClaims(text, view.language)) add(why);
      for (const why of contentProblems(entry, text, view.rules, view.questions)) add(why);
    }
    const sms = view.language === "en" ? englishSmsProblem(view.answers.sms) : spanishSmsProblem(view.answers.sms);
    if (sms) problems.push({ file, field: `${view.prefix}.sms`, message: sms });
  }
  return problems;
}

/** English SMS: GSM-7 only, at most 306 septets (two segments) with the longest clinic facts. */
function englishSmsProblem(text: string): string | null {
  const sms = analyseSms(renderLongest(text));
  const bare = analyseSms(renderAnswer(text, withoutOptional(WORST_CASE_VALUES)));
  if (sms.encoding !== "GSM-7" || bare.encoding !== "GSM-7") {
    const chars = [...new Set([...sms.nonGsmChars, ...bare.nonGsmChars])];
    return `non-GSM-7 characters ${chars.map((c) => JSON.stringify(c)).join(" ")}`;
  }
  if (sms.length > MAX_SMS_SEPTETS || sms.segments > 2) return `${sms.length} characters with the longest clinic facts the profile allows; the limit is ${MAX_SMS_SEPTETS} (2 segments)`;
  return null;
}

/** Letters a Spanish SMS may carry outside GSM-7: the accents GSM-7 lacks (é, ñ, ü, ¿ and ¡ are in it). */
const SPANISH_NON_GSM_LETTERS = new Set("áíóúÁÍÓÚ");

/** The segments the English SMS answers are held to; Spanish ones get the same budget. */
export const MAX_SMS_SEGMENTS = 2;

/** How a Spanish SMS answer travels with the longest clinic facts: its encoding, length in that encoding's units, and segments. */
export function spanishSmsWorstCase(text: string): SmsAnalysis {
  const variants = [analyseSms(renderLongest(text)), analyseSms(renderAnswer(text, withoutOptional(WORST_CASE_VALUES)))];
  return variants.reduce((a, b) => (b.segments > a.segments ? b : a));
}

/**
 * Spanish SMS: the same budget as English, two segments with the longest clinic facts. An accent
 * GSM-7 lacks (á í ó ú) turns the whole text into UCS-2, where two segments hold only 134
 * characters; so a long answer must stay GSM-7 (Spanish SMS answers are written without those
 * accents, as the Spanish safety templates are). Typographic characters (curly quotes, dashes,
 * emoji) are refused as in English.
 */
function spanishSmsProblem(text: string): string | null {
  const all = [analyseSms(renderLongest(text)), analyseSms(renderAnswer(text, withoutOptional(WORST_CASE_VALUES)))];
  const odd = [...new Set(all.flatMap((a) => a.nonGsmChars))].filter((c) => !SPANISH_NON_GSM_LETTERS.has(c));
  if (odd.length > 0) return `non-GSM-7 characters ${odd.map((c) => JSON.stringify(c)).join(" ")} (only the Spanish accents á í ó ú may fall outside GSM-7)`;
  const worst = spanishSmsWorstCase(text);
  if (worst.segments > MAX_SMS_SEGMENTS) {
    const why =
      worst.encoding === "UCS-2"
        ? `the accents ${worst.nonGsmChars.join(" ")} make it UCS-2 (67 characters a segment); write the SMS without them, as the Spanish SMS templates do, or shorten it`
        : "shorten it";
    return `${worst.segments} segments (${worst.encoding}, ${worst.length} ${worst.encoding === "GSM-7" ? "septets" : "UTF-16 units"}) with the longest clinic facts the profile allows; the budget is ${MAX_SMS_SEGMENTS} segments as in English: ${why}`;
  }
  return null;
}

/** A translation carries the same clinic facts as the English answer: the same placeholders and the same number of optional segments. */
function sameMarkupAsEnglish(english: string, translated: string): string[] {
  const names = (t: string) => [...new Set(placeholdersIn(t))].sort();
  const segments = (t: string) => parseAnswer(t).parts.filter((p) => p.kind === "segment").length;
  const out: string[] = [];
  const [en, tr] = [names(english), names(translated)];
  if (en.join(" ") !== tr.join(" ")) {
    out.push(`uses the placeholders ${tr.map((n) => `{${n}}`).join(" ") || "(none)"} but the English answer uses ${en.map((n) => `{${n}}`).join(" ") || "(none)"}; a translation carries the same clinic facts`);
  }
  if (segments(english) !== segments(translated)) out.push(`has ${segments(translated)} optional [[...]] segment(s) but the English answer has ${segments(english)}`);
  return out;
}

/**
 * Answers above the grade the curation standard allows. Run by kb:check (and the tests), not at
 * start-up: counting syllables in every answer costs more start-up time than a safety rule would
 * justify, and an editorial bar belongs before a commit, not in front of a running bot.
 */
export function readabilityProblems(kb: KnowledgeBase): KbProblem[] {
  const problems: KbProblem[] = [];
  for (const entry of kb.faq.values()) {
    for (const channel of ["sms", "web"] as const) {
      const grade = answerGrade(entry.answers[channel]);
      if (grade > MAX_GRADE) {
        problems.push({
          file: `faq/${entry.id}.yaml`,
          field: `answers.${channel}`,
          message: `reads at grade ${grade.toFixed(1)} (Flesch-Kincaid); the limit is ${MAX_GRADE}: shorter sentences, shorter words`,
        });
      }
      if (!entry.es) continue;
      const inflesz = spanishAnswerInflesz(entry.es.answers[channel]);
      if (inflesz < MIN_INFLESZ) {
        problems.push({
          file: `faq/${entry.id}.yaml`,
          field: `es.answers.${channel}`,
          message: `reads at INFLESZ ${inflesz.toFixed(1)} (Szigriszt-Pazos, "${infleszBand(inflesz)}"); the least is ${MIN_INFLESZ} ("normal"): shorter sentences, shorter words`,
        });
      }
    }
  }
  return problems;
}

/** INFLESZ index of a Spanish answer: the harder of its variants (with and without optional facts). */
export function spanishAnswerInflesz(text: string): number {
  return Math.min(...answerVariants(text, PLACEHOLDER_WORDS).map((t) => spanishReadability(t).inflesz));
}

/** Entries without their Spanish (`es:`) block: kb:check wants every entry in both languages. */
export function missingSpanishProblems(kb: KnowledgeBase): KbProblem[] {
  return [...kb.faq.values()]
    .filter((entry) => !entry.es)
    .map((entry) => ({ file: `faq/${entry.id}.yaml`, field: "es", message: "missing: every entry needs its Spanish topic, phrasings and answers" }));
}

/** Per-entry Spanish figures `kb:check --verbose` prints. */
export interface SpanishEntryReport {
  readonly id: string;
  readonly smsInflesz: number;
  readonly webInflesz: number;
  readonly sms: SmsAnalysis;
  readonly webLength: number;
}

export function spanishEntryReport(entry: FaqEntry & { readonly es: NonNullable<FaqEntry["es"]> }): SpanishEntryReport {
  return {
    id: entry.id,
    smsInflesz: spanishAnswerInflesz(entry.es.answers.sms),
    webInflesz: spanishAnswerInflesz(entry.es.answers.web),
    sms: spanishSmsWorstCase(entry.es.answers.sms),
    webLength: renderAnswer(entry.es.answers.web, PLACEHOLDER_WORDS).length,
  };
}

/** Per-entry figures `kb:check --verbose` prints. */
export interface EntryReport {
  readonly id: string;
  readonly smsGrade: number;
  readonly webGrade: number;
  readonly smsWorstLength: number;
  readonly webLength: number;
}

export function entryReport(entry: FaqEntry): EntryReport {
  return {
    id: entry.id,
    smsGrade: answerGrade(entry.answers.sms),
    webGrade: answerGrade(entry.answers.web),
    smsWorstLength: smsWorstLength(entry.answers.sms),
    webLength: renderAnswer(entry.answers.web, PLACEHOLDER_WORDS).length,
  };
}
