import { analyseSms } from "../text/gsm7.js";
import { contentProblems } from "./content-rules.js";
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

function checkAnswers(entry: FaqEntry): KbProblem[] {
  const file = `faq/${entry.id}.yaml`;
  const problems: KbProblem[] = [];
  for (const channel of ["sms", "web"] as const) {
    const field = `answers.${channel}`;
    const text = entry.answers[channel];
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
    for (const variant of answerVariants(text)) {
      if (ARTEFACTS.test(variant)) add(`reads badly once filled (${variant.match(ARTEFACTS)?.[0]}): "${variant.slice(0, 120)}..."`);
    }

    for (const why of findForbiddenClaims(text)) add(why);
    for (const why of contentProblems(entry, text)) add(why);
  }

  const longest = renderLongest(entry.answers.sms);
  const sms = analyseSms(longest);
  const bare = analyseSms(renderAnswer(entry.answers.sms, withoutOptional(WORST_CASE_VALUES)));
  if (sms.encoding !== "GSM-7" || bare.encoding !== "GSM-7") {
    const chars = [...new Set([...sms.nonGsmChars, ...bare.nonGsmChars])];
    problems.push({ file, field: "answers.sms", message: `non-GSM-7 characters ${chars.map((c) => JSON.stringify(c)).join(" ")}` });
  } else if (sms.length > MAX_SMS_SEPTETS || sms.segments > 2) {
    problems.push({ file, field: "answers.sms", message: `${sms.length} characters with the longest clinic facts the profile allows; the limit is ${MAX_SMS_SEPTETS} (2 segments)` });
  }
  return problems;
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
    }
  }
  return problems;
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
