/**
 * Content rules from the curation standard (shared/kb-curation.md, "What a careful answer must
 * also say" and "Rules for every answer") that a program can check. kb:check and start-up
 * fail on any of them, so a later edit cannot drop a required warning or slip in a clinic fact.
 *
 * Each rule looks at one answer text (SMS or web, separately: a person reads only one of them)
 * and returns the reasons it fails.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClinicProfile } from "../clinic/profile.js";
import type { FaqEntry } from "./types.js";
import type { KbProblem } from "./validate.js";

/** Something an answer must say, as patterns that must all match, with the reason printed. */
export interface Requirement {
  readonly patterns: readonly RegExp[];
  readonly why: string;
}

const mentions = (text: string, pattern: RegExp) => pattern.test(text);

/** Spravato's label limitation (Limitations of Use), in words a person reads. */
export const SPRAVATO_LIMITATION: Requirement = {
  patterns: [/not (been )?shown to prevent suicide/i, /reduce suicidal (thoughts|ideation)/i, /hospital/i],
  why: "mentions Spravato/esketamine and suicidal thoughts without the label's limitation (not shown to prevent suicide or reduce suicidal thoughts; does not replace hospital care)",
};

/** Crisis lines for any answer that talks about suicidal thoughts. */
export const CRISIS_LINES: Requirement = {
  patterns: [/\b988\b/, /\b911\b/],
  why: "mentions suicidal thoughts without naming 988 and 911",
};

/** The risks the FDA named in 2023 for compounded ketamine outside supervised settings, in plain words. */
export const FDA_2023_RISKS: Requirement = {
  patterns: [/\bFDA\b/, /\bmisuse\b/i, /psychiatric|mental health/i, /slow(ed|er)? breathing|breathing (that )?slows/i, /bladder/i, /urin/i],
  why: "must name the FDA's 2023 warning and its risks in plain words: misuse, psychiatric (mental health) problems, slowed breathing, bladder and urinary problems",
};

/** The conditions a screening covers (curation standard, "What a careful answer must also say"). */
export const SCREENING_CONDITIONS: Requirement = {
  patterns: [
    /aneurysm|blood[- ]vessel/i,
    /bleeding in the brain|brain bleed/i,
    /uncontrolled (high )?blood pressure|blood pressure (that is )?not (under )?control/i,
    /heart/i,
    /psychosis/i,
    /pregnan/i,
    /substance|drug (or alcohol )?misuse|misuse/i,
  ],
  why: "must name the conditions screening covers: aneurysm or other blood-vessel disease, bleeding in the brain, uncontrolled blood pressure, serious heart disease, psychosis, pregnancy, substance misuse",
};

/** Per-entry requirements: what this entry must say on both channels. */
export const REQUIRED_BY_ENTRY: Readonly<Record<string, readonly Requirement[]>> = {
  "suicidal-thoughts": [
    { patterns: [/call or text 988/i, /\b911\b/], why: 'must say "call or text 988" and name 911' },
    { patterns: [/spravato|esketamine/i], why: "must give Spravato's approval with the label's limitation" },
  ],
  "at-home-ketamine": [FDA_2023_RISKS],
  "is-it-safe": [FDA_2023_RISKS, SCREENING_CONDITIONS],
  "who-can-have-it": [SCREENING_CONDITIONS],
  "session-length": [
    { patterns: [/spravato|nasal spray/i, /\b(2|two) hours\b/i], why: "must not describe IV only: Spravato has about 2 hours of monitoring after each dose (label)" },
  ],
  "number-of-treatments": [
    { patterns: [/spravato|nasal spray/i, /twice a week/i], why: "must not describe IV only: give Spravato's schedule from the label (twice a week at first)" },
  ],
  spravato: [{ patterns: [/certified/i, /\b(2|two) hours\b/i], why: "must say Spravato is given in a certified setting with about 2 hours of monitoring" }],
  "fda-status": [{ patterns: [/anesthe/i, /off-label/i], why: "must say racemic ketamine is FDA-approved as an anesthetic and off-label for depression" }],
  "legal-status": [{ patterns: [/Schedule III/i, /prescription/i, /supervision/i], why: "must say Schedule III, prescription only, under medical supervision" }],
};

/** Reassurance the curation standard leaves to the clinician ("generally well tolerated"). */
const REASSURANCE = /\b(generally|usually|mostly|very) (well[- ]tolerated|safe)\b|(?<!not )\bsafe for (most|everyone)\b|\bperfectly safe\b/i;

/** A question in which the person names a health condition of their own. */
const OWN_CONDITION =
  /\b(i have|i've got|i've had|i had|i'm|im|i am|i was|i've been|i suffer|i live with)\b.*\b(blood pressure|heart|pregnan|breastfeed|bipolar|schizophren|psychosis|seizure|epilep|addict|drinking|alcohol|aneurysm|stroke|bleed|glaucoma|kidney|liver|bladder)/i;

/**
 * Clinic facts written into answer text instead of taken from the profile. The profile's own
 * values are checked too, by kb:check (it reads the clinic profile).
 */
export const CLINIC_FACT_PATTERNS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\b1-800\b/, what: "a phone number (use {clinicPhone})" },
  { pattern: /[\w.+-]+@[\w-]+\.\w+/, what: "an email address (use {clinicEmail})" },
  // 988lifeline.org is the public crisis chat, not a clinic fact.
  { pattern: /https?:\/\/|\bwww\.|\b(?!988lifeline\.org)[\w-]+\.(com|org|net|clinic|health)\b/i, what: "a web address (use {clinicWebsite})" },
  { pattern: /\$\s?\d|\b\d+ dollars\b|\bUSD\b/i, what: "a price (prices come from the team)" },
  { pattern: /\b\d{1,2}(:\d\d)?\s?(am|pm|a\.m\.|p\.m\.)\b/i, what: "a clock time (use {officeHours} or {consultHours})" },
  { pattern: /\b(mon|tues|wednes|thurs|fri|satur|sun)days?\b|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)-(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/i, what: "a weekday (use {officeHours} or {consultHours})" },
  { pattern: /\b\d+ [A-Z][a-z]+ (St|Street|Ave|Avenue|Blvd|Boulevard|Road|Rd|Drive|Dr|Suite|Way|Lane)\b/, what: "a street address (use {clinicAddress})" },
  { pattern: /\bwe (offer|provide|speak|accept|bill|take insurance|are open|are located)\b|\bour (clinic|office|team) (offers|provides|speaks|accepts|is open|is located)\b/i, what: "what this clinic offers (use {services}, {languages}, {officeHours} or {clinicAddress})" },
];

/** A hard-coded consult length: the length is the profile's consult.slotMinutes ({consultMinutes}). */
const HARD_CODED_CONSULT = [/\b(15|fifteen)[- ]?min/i, /\b\d+[- ]?minutes?\b[^.!?]*\b(consult|call)/i, /\b(consult|call)\w*\b[^.!?]*\b\d+[- ]?minutes?\b/i];

/**
 * Sources a claim needs: an answer that says X must cite Y. The curation standard asks every
 * medical claim to have a source; these are the claims a pattern can recognise.
 */
export const CLAIM_SOURCES: readonly { readonly claim: RegExp; readonly source: RegExp; readonly what: string }[] = [
  { claim: /spravato|esketamine/i, source: /spravato.*(label|prescribing information)/i, what: "Spravato facts cite the Spravato prescribing information (FDA label)" },
  { claim: /\b988\b/, source: /988/, what: "988 cites the 988 Suicide & Crisis Lifeline" },
  { claim: /compounded|FDA warn|warning from the FDA|FDA's 2023|2023/i, source: /FDA.*2023|2023.*FDA/i, what: "the FDA's 2023 warning cites the FDA's 2023 communication on compounded ketamine" },
  { claim: /schedule III/i, source: /DEA|Controlled Substances|003_446ac1e009005a76|Schedule III/i, what: "Schedule III cites the DEA schedules (or seed 003's section)" },
];

/**
 * Everything `contentProblems` checks, for one language. The English set is the constants above;
 * the Spanish set (content-rules-es.ts) says the same things in Spanish. Spanish patterns are
 * matched against the answer with its accents removed (see `prepare`).
 */
export interface ContentRuleSet {
  /** How an answer is prepared before matching (identity for English, accents folded for Spanish). */
  readonly prepare: (text: string) => string;
  readonly suicide: RegExp;
  readonly spravato: RegExp;
  readonly compounded: RegExp;
  readonly spravatoLimitation: Requirement;
  readonly crisisLines: Requirement;
  readonly fda2023Risks: Requirement;
  readonly requiredByEntry: Readonly<Record<string, readonly Requirement[]>>;
  readonly reassurance: RegExp;
  readonly ownCondition: RegExp;
  /** How the answer names the clinician, when it must leave a decision to them. */
  readonly clinician: RegExp;
  readonly clinicFactPatterns: readonly { readonly pattern: RegExp; readonly what: string }[];
  readonly hardCodedConsult: readonly RegExp[];
  /** Claims that need a source; the sources themselves are shared by both languages. */
  readonly claimSources: readonly { readonly claim: RegExp; readonly source: RegExp; readonly what: string }[];
}


/** The English rules. */
export const ENGLISH_RULES: ContentRuleSet = {
  prepare: (text) => text,
  suicide: /suicid/i,
  spravato: /spravato|esketamine/i,
  compounded: /compounded/i,
  spravatoLimitation: SPRAVATO_LIMITATION,
  crisisLines: CRISIS_LINES,
  fda2023Risks: FDA_2023_RISKS,
  requiredByEntry: REQUIRED_BY_ENTRY,
  reassurance: REASSURANCE,
  ownCondition: OWN_CONDITION,
  clinician: /clinician/i,
  clinicFactPatterns: CLINIC_FACT_PATTERNS,
  hardCodedConsult: HARD_CODED_CONSULT,
  claimSources: CLAIM_SOURCES,
};

/**
 * Every content-rule failure of one answer text of an entry. `rules` picks the language (the
 * Spanish answer of an entry is checked with SPANISH_RULES and its Spanish phrasings);
 * `questions` are the phrasings in that language.
 */
export function contentProblems(entry: FaqEntry, rawText: string, rules: ContentRuleSet = ENGLISH_RULES, questions: readonly string[] = entry.questions): string[] {
  const problems: string[] = [];
  const text = rules.prepare(rawText);
  const fail = (r: Requirement) => {
    if (!r.patterns.every((p) => p.test(text))) problems.push(r.why);
  };

  if (mentions(text, rules.suicide) && mentions(text, rules.spravato)) fail(rules.spravatoLimitation);
  if (mentions(text, rules.suicide)) fail(rules.crisisLines);
  if (mentions(text, rules.compounded)) fail(rules.fda2023Risks);
  for (const r of rules.requiredByEntry[entry.id] ?? []) fail(r);

  if (rules.reassurance.test(text)) problems.push('reassures ("generally well tolerated", "safe for most"): whether it suits a person is the clinician\'s answer, at the consult');
  if (questions.some((q) => rules.ownCondition.test(rules.prepare(q))) && !rules.clinician.test(text)) {
    problems.push("its questions name a person's own health condition, so the answer must leave the decision to the clinician (name the clinician)");
  }
  for (const { pattern, what } of rules.clinicFactPatterns) {
    if (pattern.test(text)) problems.push(`writes ${what}; clinic facts come from the clinic profile through placeholders`);
  }
  if (rules.hardCodedConsult.some((p) => p.test(text))) {
    problems.push("hard-codes a consult length; write \"free {consultMinutes}-minute phone consult\" (the profile's consult.slotMinutes)");
  }
  const refs = entry.sources.map((s) => [s.seed, s.section, s.ref].filter(Boolean).join(" ")).join("\n");
  for (const { claim, source, what } of rules.claimSources) {
    if (claim.test(text) && !source.test(refs)) problems.push(`needs a source: ${what}`);
  }
  return [...new Set(problems)];
}

/**
 * A clinic profile's own facts written into answers (its name, phone, address, email, website or
 * directions): they must come through placeholders, so another clinic's profile changes them.
 */
export function profileFactProblems(entries: Iterable<FaqEntry>, clinic: ClinicProfile): KbProblem[] {
  const facts: [string, string | undefined][] = [
    ["{clinicName}", clinic.name],
    ["{clinicPhone}", clinic.phone],
    ["{clinicPhone}", clinic.phoneE164],
    ["{clinicAddress}", clinic.address],
    ["{clinicEmail}", clinic.email],
    ["{clinicWebsite}", clinic.website?.replace(/^https?:\/\//, "").replace(/\/$/, "")],
    ["{directions}", clinic.directions],
    ["{directions}", clinic.es?.directions],
  ];
  const out: KbProblem[] = [];
  for (const entry of entries) {
    const languages = [{ prefix: "answers", answers: entry.answers }, ...(entry.es ? [{ prefix: "es.answers", answers: entry.es.answers }] : [])];
    for (const { prefix, answers } of languages) {
      for (const channel of ["sms", "web"] as const) {
        const text = answers[channel].toLowerCase();
        for (const [placeholder, value] of facts) {
          if (value && text.includes(value.toLowerCase())) {
            out.push({ file: `faq/${entry.id}.yaml`, field: `${prefix}.${channel}`, message: `writes the clinic profile's "${value}"; use ${placeholder}` });
          }
        }
      }
    }
  }
  return out;
}

const normalised = (text: string) => text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, " ").toLowerCase();

/**
 * Seed sources that do not check out: the seed file must be in `seedsDir` (shared/seeds) and the
 * section must be found in it, word for word ("Heading: Question" when a page nests them: each
 * part is looked for), so a reviewer can find the sentence an answer rests on.
 */
export function seedSourceProblems(entries: Iterable<FaqEntry>, seedsDir: string): KbProblem[] {
  const out: KbProblem[] = [];
  const texts = new Map<string, string>();
  for (const entry of entries) {
    entry.sources.forEach((source, i) => {
      if (!source.seed) return;
      const file = `faq/${entry.id}.yaml`;
      const path = join(seedsDir, source.seed);
      if (!existsSync(path)) {
        out.push({ file, field: `sources[${i}].seed`, message: `${source.seed} is not in shared/seeds` });
        return;
      }
      if (!texts.has(path)) texts.set(path, normalised(readFileSync(path, "utf8")));
      const text = texts.get(path) ?? "";
      const missing = (source.section ?? "").split(": ").filter((part) => !text.includes(normalised(part)));
      if (missing.length > 0) out.push({ file, field: `sources[${i}].section`, message: `"${missing.join(": ")}" is not in ${source.seed}` });
    });
  }
  return out;
}
