import { analyseSms } from "../channels/sms/gsm7.js";
import { findForbiddenClaims } from "./forbidden-claims.js";
import { PLACEHOLDERS, WORST_CASE_VALUES, fillPlaceholders, placeholdersIn } from "./placeholders.js";
import { questionKey } from "./question-key.js";
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
 * Checks that look at answer text or across entries: SMS length and encoding (with the
 * worst-case clinic name and phone), placeholders, forbidden claims, and phrasings that
 * appear under two entries or intents.
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

function checkAnswers(entry: FaqEntry): KbProblem[] {
  const file = `faq/${entry.id}.yaml`;
  const problems: KbProblem[] = [];
  for (const channel of ["sms", "web"] as const) {
    const field = `answers.${channel}`;
    const text = entry.answers[channel];
    for (const name of placeholdersIn(text)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
        problems.push({ file, field, message: `unknown placeholder {${name}}; use ${PLACEHOLDERS.map((p) => `{${p}}`).join(" or ")}` });
      }
    }
    for (const why of findForbiddenClaims(text)) problems.push({ file, field, message: why });
  }
  const sms = analyseSms(fillPlaceholders(entry.answers.sms, WORST_CASE_VALUES));
  if (sms.encoding !== "GSM-7") {
    problems.push({ file, field: "answers.sms", message: `non-GSM-7 characters ${sms.nonGsmChars.map((c) => JSON.stringify(c)).join(" ")}` });
  } else if (sms.length > MAX_SMS_SEPTETS || sms.segments > 2) {
    problems.push({ file, field: "answers.sms", message: `${sms.length} characters with the longest clinic name and phone; the limit is ${MAX_SMS_SEPTETS} (2 segments)` });
  }
  return problems;
}
