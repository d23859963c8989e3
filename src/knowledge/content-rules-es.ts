/**
 * The curation standard's content rules (content-rules.ts) for the Spanish answers: the same
 * requirements, said in Spanish. Every pattern is matched against the answer lowercased and with
 * its accents removed (`foldSpanish`: "sesión" and "sesion" read alike, ñ stays), so patterns are
 * written without accents. Placeholders, sources and the language-neutral clinic-fact patterns
 * (phone, email, web address, "$", clock time) are shared with English.
 */
import { foldSpanish } from "./forbidden-claims.js";
import { CLAIM_SOURCES, CLINIC_FACT_PATTERNS, type ContentRuleSet, type Requirement } from "./content-rules.js";

/** Spravato's label limitation: "no se ha demostrado que prevenga el suicidio ni que reduzca los pensamientos suicidas; no reemplaza la atención en el hospital". */
const SPRAVATO_LIMITATION_ES: Requirement = {
  patterns: [/no (se )?(ha )?(ha sido )?demostrad[oa]|no esta demostrad[oa]/, /prevenir? el suicidio|prevenga el suicidio|evitar? el suicidio|evite el suicidio/, /reduc\w* (los )?pensamientos suicidas|reduzca (los )?pensamientos suicidas/, /hospital/],
  why: "mentions Spravato/esketamine and suicidal thoughts without the label's limitation in Spanish (no se ha demostrado que prevenga el suicidio ni que reduzca los pensamientos suicidas; no reemplaza la atencion en el hospital)",
};

const CRISIS_LINES_ES: Requirement = { patterns: [/\b988\b/, /\b911\b/], why: "mentions suicidal thoughts without naming 988 and 911" };

/** The FDA's 2023 risks: mal uso, problemas de salud mental, respiración lenta, vejiga y vías urinarias. */
const FDA_2023_RISKS_ES: Requirement = {
  patterns: [/\bfda\b/, /mal uso|abuso/, /salud mental|psiquiatric/, /respiracion (mas )?lenta|respirar (mas )?lento|respiracion se (hace|vuelve) lenta/, /vejiga/, /urinari|orina/],
  why: "must name the FDA's 2023 warning and its risks in plain Spanish: mal uso, problemas de salud mental, respiracion lenta, vejiga y vias urinarias",
};

const SCREENING_CONDITIONS_ES: Requirement = {
  patterns: [
    /aneurisma|vasos sanguineos/,
    /sangrado (en el|dentro del) cerebro|sangrado cerebral|hemorragia cerebral/,
    /presion (arterial )?(alta )?(que )?no (esta )?controlada|presion (arterial )?(alta )?sin control(ar)?|presion (arterial )?(alta )?descontrolada/,
    /corazon|cardiac/,
    /psicosis/,
    /embaraz/,
    /sustancias|drogas|mal uso/,
  ],
  why: "must name the conditions screening covers in Spanish: aneurisma o vasos sanguineos, sangrado en el cerebro, presion no controlada, corazon, psicosis, embarazo, mal uso de sustancias",
};

const REQUIRED_BY_ENTRY_ES: Readonly<Record<string, readonly Requirement[]>> = {
  "suicidal-thoughts": [
    { patterns: [/llama o (envia un )?(texto|textea|escribe)( al)? 988|llama o manda un texto al 988|llama o envia un mensaje( de texto)? al 988/, /\b911\b/], why: 'must say "llama o envia un texto al 988" and name 911' },
    { patterns: [/spravato|esketamina/], why: "must give Spravato's approval with the label's limitation" },
  ],
  "at-home-ketamine": [FDA_2023_RISKS_ES],
  "is-it-safe": [FDA_2023_RISKS_ES, SCREENING_CONDITIONS_ES],
  "who-can-have-it": [SCREENING_CONDITIONS_ES],
  "session-length": [{ patterns: [/spravato|aerosol nasal|spray nasal/, /\b(2|dos) horas\b/], why: "must not describe IV only: Spravato has about 2 hours of monitoring after each dose (label)" }],
  "number-of-treatments": [{ patterns: [/spravato|aerosol nasal|spray nasal/, /(2|dos) veces (a|por) (la )?semana/], why: "must not describe IV only: give Spravato's schedule from the label (dos veces por semana al principio)" }],
  spravato: [{ patterns: [/certificad/, /\b(2|dos) horas\b/], why: "must say Spravato is given in a certified setting (centro certificado) with about 2 hours of monitoring" }],
  "fda-status": [{ patterns: [/anestesi/, /fuera de indicacion|off-label/], why: 'must say racemic ketamine is FDA-approved as an anesthetic and used "fuera de indicacion" (off-label) for depression' }],
  "legal-status": [{ patterns: [/lista iii|schedule iii/, /receta/, /supervision/], why: "must say Lista III (Schedule III), con receta, bajo supervision medica" }],
};

/** Spanish reassurance ("generalmente bien tolerada", "segura para la mayoria"). */
const REASSURANCE_ES = /\b(generalmente|por lo general|casi siempre|muy) (bien tolerad[ao]|segur[ao])\b|(?<!no es )\bsegur[ao] para (la mayoria|todos|todo el mundo)\b|\btotalmente segur[ao]\b|\bperfectamente segur[ao]\b/;

/** A Spanish phrasing in which the person names a health condition of their own ("tengo presion alta"). */
const OWN_CONDITION_ES =
  /\b(tengo|tuve|padezco|sufro de|soy|estoy|vivo con|me diagnosticaron|me dio|me dieron)\b.*\b(presion|corazon|embarazada|lactando|amamantando|bipolar|esquizofren|psicosis|convulsion|epileps|adict|alcohol|tomo mucho|aneurisma|derrame|infarto|sangrado|glaucoma|riñon|rinon|higado|vejiga)/;

/** Clinic facts in Spanish wording: weekdays, "dólares", "ofrecemos", "hablamos", "estamos en". */
const CLINIC_FACT_PATTERNS_ES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  ...CLINIC_FACT_PATTERNS.filter((p) => !/weekday|what this clinic offers|street address|clock time/.test(p.what)),
  { pattern: /\b\d{1,2}(:\d\d)?\s?(am|pm|a\.\s?m\.|p\.\s?m\.)|\ba las \d{1,2}\b/, what: "a clock time (use {officeHours} or {consultHours})" },
  { pattern: /\b(lunes|martes|miercoles|jueves|viernes|sabados?|domingos?)\b/, what: "a weekday (use {officeHours} or {consultHours})" },
  { pattern: /\b(calle|avenida|ave\.|blvd\.?|bulevar) [\p{L}0-9]+ (#\s?)?\d+|\b\d+ [a-z]+ (st|street|ave|avenue|blvd|boulevard|road|rd|drive|dr|suite|way|lane)\b/u, what: "a street address (use {clinicAddress})" },
  { pattern: /\bdolares\b|\busd\b/, what: "a price (prices come from the team)" },
  {
    pattern: /\b(ofrecemos|hablamos|aceptamos|cobramos|abrimos|estamos (ubicados|en la calle))\b|\bnuestr[ao] (clinica|oficina|equipo) (ofrece|habla|acepta|abre|esta ubicad[ao])\b/,
    what: "what this clinic offers (use {services}, {languages}, {officeHours} or {clinicAddress})",
  },
];

/** "15 minutos" or "quince minutos" next to a consult or a call. */
const HARD_CODED_CONSULT_ES = [/\b(15|quince)\s?min/, /\b\d+\s?minutos?\b[^.!?]*\b(consulta|llamada)/, /\b(consulta|llamada)\w*\b[^.!?]*\b\d+\s?minutos?\b/];

/** Claims that need a source, recognised in Spanish; the sources to match are shared with English. */
const CLAIM_SOURCES_ES: ContentRuleSet["claimSources"] = CLAIM_SOURCES.map((c) => {
  const claims: Record<string, RegExp> = {
    Spravato: /spravato|esketamina/,
    "988": /\b988\b/,
    "the FDA's 2023": /compuest[ao]s?\b|preparad[ao]s? (en|por) (una )?farmacia|\b2023\b/,
    "Schedule III": /lista iii|schedule iii/,
  };
  const key = Object.keys(claims).find((k) => c.what.includes(k));
  if (!key) throw new Error(`content-rules-es: no Spanish claim for "${c.what}"`);
  return { ...c, claim: claims[key]! };
});

/** The Spanish rules: the same requirements as ENGLISH_RULES, matched on accent-folded text. */
export const SPANISH_RULES: ContentRuleSet = {
  prepare: foldSpanish,
  suicide: /suicid/,
  spravato: /spravato|esketamina/,
  compounded: /\bcompuest[ao]s?\b|preparad[ao]s? (en|por) (una )?farmacia/,
  spravatoLimitation: SPRAVATO_LIMITATION_ES,
  crisisLines: CRISIS_LINES_ES,
  fda2023Risks: FDA_2023_RISKS_ES,
  requiredByEntry: REQUIRED_BY_ENTRY_ES,
  reassurance: REASSURANCE_ES,
  ownCondition: OWN_CONDITION_ES,
  // "el médico", "tu médica", "al médico": a person, not "supervisión médica" or "revisión médica".
  clinician: /\b(el|la|un|una|tu|al|del|los|las|tus|otros|otras) medic[oa]s?\b/,
  clinicFactPatterns: CLINIC_FACT_PATTERNS_ES,
  hardCodedConsult: HARD_CODED_CONSULT_ES,
  claimSources: CLAIM_SOURCES_ES,
};
