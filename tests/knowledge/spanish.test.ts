import { describe, expect, it } from "vitest";
import { SPANISH_RULES } from "../../src/knowledge/content-rules-es.js";
import { contentProblems } from "../../src/knowledge/content-rules.js";
import { findForbiddenClaims, foldSpanish } from "../../src/knowledge/forbidden-claims.js";
import { MIN_INFLESZ, infleszBand, spanishReadability, spanishSentencesOf, spanishSyllables, spanishWordsOf } from "../../src/knowledge/readability-es.js";
import type { FaqEntry, KnowledgeBase } from "../../src/knowledge/types.js";
import { missingSpanishProblems, readabilityProblems, spanishAnswerInflesz, spanishSmsWorstCase, validateKnowledgeBase } from "../../src/knowledge/validate.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";

const SOURCES: FaqEntry["sources"] = [
  { ref: "Spravato (esketamine) nasal spray, FDA prescribing information (label)" },
  { ref: "988 Suicide & Crisis Lifeline" },
  { ref: "FDA 2023 communication on compounded ketamine products" },
  { ref: "DEA Schedule III (21 CFR 1308.13)" },
];

const EN_OK = "Staff watch you the whole time. Ask the team if you have a question.";
const ES_OK = "El personal te vigila todo el tiempo. Pregunta al equipo si tienes dudas.";

/** An entry whose Spanish answer (both channels) is `es`; English answers are plain and valid. */
function entry(id: string, es: string, extra: { en?: string; questions?: string[]; esSms?: string } = {}): FaqEntry {
  return {
    id,
    topic: "Test",
    questions: Array.from({ length: 12 }, (_, i) => `${id} question ${i}`),
    answers: { sms: extra.en ?? EN_OK, web: extra.en ?? EN_OK },
    es: {
      topic: "Prueba",
      questions: extra.questions ?? Array.from({ length: 12 }, (_, i) => `${id} pregunta ${i}`),
      answers: { sms: extra.esSms ?? es, web: es },
    },
    sources: SOURCES,
    reviewed: "2026-11-30",
  };
}
const kbOf = (...entries: FaqEntry[]): KnowledgeBase => ({ faq: new Map(entries.map((e) => [e.id, e])), intents: new Map() });
const problemsOf = (...entries: FaqEntry[]) => validateKnowledgeBase(kbOf(...entries)).map((p) => `${p.file} ${p.field}: ${p.message}`);
const spanish = (e: FaqEntry) => contentProblems(e, e.es!.answers.web, SPANISH_RULES, e.es!.questions);

describe("Spanish syllables and the INFLESZ (Szigriszt-Pazos) index", () => {
  it("counts diphthongs as one syllable and hiatus as two", () => {
    const cases: [string, number][] = [
      ["ketamina", 4], ["cuando", 2], ["aire", 2], ["muy", 1], ["hay", 1], ["y", 1], ["que", 1], ["día", 2], ["leer", 2],
      ["sesión", 2], ["después", 2], ["tratamiento", 4], ["antidepresivos", 6], ["esketamina", 5], ["náuseas", 3],
      ["mareo", 3], ["guía", 2], ["pingüino", 3], ["periódico", 4], ["país", 2], ["ciudad", 2], ["secundarios", 4],
    ];
    for (const [word, n] of cases) expect(spanishSyllables(word), word).toBe(n);
  });

  it("reads numbers digit by digit and initialisms by their Spanish letter names", () => {
    expect(spanishSyllables("988")).toBe(6); // nue-ve o-cho o-cho
    expect(spanishSyllables("2023")).toBe(5); // dos ce-ro dos tres
    expect(spanishSyllables("FDA")).toBe(4); // e-fe de a
    expect(spanishSyllables("IV")).toBe(3); // i u-ve
  });

  it("follows the formula: 206.835 - 62.3 syllables/word - words/sentence", () => {
    // 2 sentences, 11 words, 24 syllables: 206.835 - 62.3 * 24/11 - 11/2 = 65.4
    const r = spanishReadability("La ketamina puede ayudar. El personal está contigo todo el tiempo.");
    expect(r).toMatchObject({ sentences: 2, words: 11, syllables: 24 });
    expect(r.inflesz).toBeCloseTo(65.4, 1);
  });

  it("rates long sentences of long words as hard and short plain ones as easy", () => {
    const hard =
      "La administración de esketamina intranasal necesita monitorización cardiovascular exhaustiva, considerando manifestaciones hipertensivas, disociativas y neuropsiquiátricas documentadas.";
    const easy = "Te sientas en un cuarto. El personal te cuida. Vas a casa el mismo día.";
    expect(spanishReadability(hard).inflesz).toBeLessThan(40);
    expect(infleszBand(spanishReadability(hard).inflesz)).toBe("muy difícil");
    expect(spanishReadability(easy).inflesz).toBeGreaterThan(80);
  });

  it("splits sentences and words, keeping accents and ñ, and counts a placeholder as one word", () => {
    expect(spanishSentencesOf("Llama al {clinicPhone}. ¿Tienes dudas?\nGracias")).toEqual(["Llama al sol.", "¿Tienes dudas?", "Gracias"]);
    expect(spanishWordsOf("¿Cuánto dura la sesión? Año y medio.")).toEqual(["Cuánto", "dura", "la", "sesión", "Año", "y", "medio"]);
  });

  it("flags a Spanish answer below the INFLESZ limit and passes a plain one", () => {
    const hard = "La administración intranasal de esketamina requiere monitorización hemodinámica exhaustiva posterior, considerando eventuales manifestaciones disociativas.";
    const found = readabilityProblems(kbOf(entry("hard-es", hard), entry("easy-es", ES_OK)));
    expect(found.map((p) => `${p.file} ${p.field}`)).toEqual(["faq/hard-es.yaml es.answers.sms", "faq/hard-es.yaml es.answers.web"]);
    expect(found[0]!.message).toContain(`the least is ${MIN_INFLESZ}`);
  });
});

describe("forbidden claims in Spanish", () => {
  it("flags success rates, the two-part molecule, cures and 'ketamine FDA-approved for depression', with or without accents", () => {
    expect(findForbiddenClaims("Tiene una tasa de éxito del 84%.", "es")).not.toEqual([]);
    expect(findForbiddenClaims("Funciona en el 70 por ciento de los casos.", "es")).not.toEqual([]);
    expect(findForbiddenClaims("Es una molécula de dos partes: ácido glutámico y fenciclidina.", "es")).not.toEqual([]);
    expect(findForbiddenClaims("La ketamina va a curar tu depresion.", "es")).not.toEqual([]);
    expect(findForbiddenClaims("Bloquea el receptor que produce glutamato.", "es")).not.toEqual([]);
    expect(findForbiddenClaims("La ketamina está aprobada por la FDA para la depresión.", "es")).toContain("calls ketamine FDA-approved for depression (only esketamine is)");
    expect(findForbiddenClaims("Sube la dopamina y baja el cortisol.", "es")).not.toEqual([]);
  });

  it("passes careful wording", () => {
    expect(findForbiddenClaims("Los resultados varían. No es una cura. El médico habla contigo de lo que puedes esperar.", "es")).toEqual([]);
    expect(findForbiddenClaims("La FDA aprobó la ketamina como anestésico; para la depresión se usa fuera de indicación.", "es")).toEqual([]);
    expect(findForbiddenClaims("La FDA aprobó la esketamina (Spravato) para la depresión resistente.", "es")).toEqual([]);
  });

  it("folds accents but keeps ñ", () => {
    expect(foldSpanish("Sesión, DÍA, pingüino, Año")).toBe("sesion, dia, pinguino, año");
  });
});

describe("content rules in Spanish", () => {
  it("needs the Spravato label's limitation, 988 and 911 where suicidal thoughts are named", () => {
    const approval = "Spravato está aprobado para la depresión con pensamientos suicidas. Llama o envía un texto al 988, o llama al 911.";
    expect(spanish(entry("spravato-x", approval)).join("\n")).toMatch(/without the label's limitation/);
    const limited = `${approval} No se ha demostrado que prevenga el suicidio ni que reduzca los pensamientos suicidas. No reemplaza la atención en el hospital.`;
    expect(spanish(entry("spravato-x", limited))).toEqual([]);
    expect(spanish(entry("x", "Algunos estudios vieron pensamientos suicidas."))).toContain("mentions suicidal thoughts without naming 988 and 911");
  });

  it("needs the FDA's 2023 risks wherever compounded ketamine is named, and the screening conditions where the entry needs them", () => {
    expect(spanish(entry("forms-x", "Hay pastillas compuestas que se mandan por correo.")).join("\n")).toMatch(/FDA's 2023 warning/);
    const risks = "En 2023 la FDA advirtió sobre la ketamina compuesta: mal uso, problemas de salud mental, respiración lenta y daño a la vejiga y vías urinarias.";
    expect(spanish(entry("at-home-ketamine", risks))).toEqual([]);
    const conditions = "Se revisa si hay un aneurisma, sangrado en el cerebro, presión no controlada, enfermedad del corazón, psicosis, embarazo o mal uso de drogas.";
    expect(spanish(entry("who-can-have-it", "No todos pueden recibirla.")).join("\n")).toMatch(/screening covers/);
    expect(spanish(entry("who-can-have-it", conditions))).toEqual([]);
  });

  it("leaves a person's own condition to the médico, refuses reassurance", () => {
    const own = { questions: [...Array.from({ length: 11 }, (_, i) => `pregunta ${i}`), "tengo presion alta, puedo?"] };
    expect(spanish(entry("x", "Muchas personas lo reciben.", own)).join("\n")).toMatch(/leave the decision to the clinician/);
    expect(spanish(entry("x", "El médico lo decide contigo en la consulta.", own))).toEqual([]);
    // "médica" as an adjective names no one.
    expect(spanish(entry("x", "Se da con supervisión médica, tras una revisión médica.", own)).join("\n")).toMatch(/leave the decision to the clinician/);
    expect(spanish(entry("x", "Es generalmente bien tolerada.")).join("\n")).toMatch(/reassures/);
  });

  it("refuses clinic facts written out: weekdays, prices, 'ofrecemos', clock times and a hard-coded consult length", () => {
    expect(spanish(entry("x", "Abrimos de lunes a jueves.")).join("\n")).toMatch(/a weekday/);
    expect(spanish(entry("x", "Cuesta 400 dólares.")).join("\n")).toMatch(/a price/);
    expect(spanish(entry("x", "Ofrecemos infusiones IV.")).join("\n")).toMatch(/what this clinic offers/);
    expect(spanish(entry("x", "Te llamamos a las 9.")).join("\n")).toMatch(/a clock time/);
    expect(spanish(entry("x", "Reserva la consulta gratis de 15 minutos.")).join("\n")).toMatch(/hard-codes a consult length/);
    expect(spanish(entry("x", "Reserva la consulta gratis de {consultMinutes} minutos."))).toEqual([]);
  });

  it("needs a source for a Spanish claim, as in English", () => {
    const e = { ...entry("x", "La ketamina es de la Lista III de la DEA."), sources: [{ ref: "a clinic page about ketamine" }] };
    expect(spanish(e).join("\n")).toMatch(/Schedule III cites/);
  });
});

describe("Spanish answers in validateKnowledgeBase", () => {
  it("passes a plain Spanish entry", () => {
    expect(problemsOf(entry("fine", ES_OK))).toEqual([]);
  });

  it("measures SMS segments: accents á í ó ú make a long answer UCS-2 and push it past two segments", () => {
    const accented = "Después de la sesión, descansa el resto del día. No manejes hasta el día siguiente. Así que vuelve al trabajo al día siguiente, como pronto.";
    expect(spanishSmsWorstCase(accented)).toMatchObject({ encoding: "UCS-2", segments: 3 });
    expect(problemsOf(entry("long-es", ES_OK, { esSms: accented })).join("\n")).toMatch(/es\.answers\.sms: 3 segments \(UCS-2.*make it UCS-2/);
    const plain = accented.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    expect(spanishSmsWorstCase(plain)).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(problemsOf(entry("long-es", ES_OK, { esSms: plain }))).toEqual([]);
  });

  it("allows a short SMS with accents (UCS-2 within two segments) but refuses curly quotes and emoji", () => {
    expect(problemsOf(entry("short-es", ES_OK, { esSms: "Sí, el médico te llamará para la consulta por teléfono." }))).toEqual([]);
    expect(problemsOf(entry("quote-es", ES_OK, { esSms: "El personal te cuida \u201csiempre\u201d. \u{1F60A}" })).join("\n")).toMatch(/non-GSM-7 characters/);
  });

  it("counts the longest clinic facts the profile allows", () => {
    const sms = "Horario de oficina: {officeHours}. Consultas por telefono: {consultHours}. Puedes reservar una llamada aqui a cualquier hora.";
    expect(spanishSmsWorstCase(sms)).toMatchObject({ encoding: "GSM-7", segments: 3 });
  });

  it("needs the same placeholders and optional segments as the English answer", () => {
    const en = "Call us at {clinicPhone}.[[ Or email {clinicEmail}.]]";
    const e = entry("contact-x", "Llámanos por teléfono.", { en });
    const found = problemsOf(e).join("\n");
    expect(found).toMatch(/uses the placeholders \(none\) but the English answer uses \{clinicEmail\} \{clinicPhone\}/);
    expect(found).toMatch(/has 0 optional \[\[\.\.\.\]\] segment\(s\) but the English answer has 1/);
    expect(problemsOf(entry("contact-x", "Llámanos al {clinicPhone}.[[ O escribe a {clinicEmail}.]]", { en }))).toEqual([]);
  });

  it("runs forbidden claims and markup checks on the Spanish answers, naming the es field", () => {
    expect(problemsOf(entry("claim-es", "Tiene una tasa de éxito del 85%.")).join("\n")).toMatch(/faq\/claim-es\.yaml es\.answers\.web: states a success rate/);
    expect(problemsOf(entry("markup-es", "Llama al {clinicPhone}.[[ O escribe")).join("\n")).toMatch(/es\.answers\.sms/);
  });

  it("refuses the same Spanish phrasing under two entries", () => {
    const qs = (extra: string) => [...Array.from({ length: 11 }, (_, i) => `${extra} pregunta ${i}`), "es seguro la ketamina?"];
    const found = problemsOf(entry("one", ES_OK, { questions: qs("a") }), entry("two", ES_OK, { questions: qs("b") })).join("\n");
    expect(found).toMatch(/faq\/two\.yaml es\.questions\[11\]: "es seguro la ketamina\?" is already a phrasing in faq\/one\.yaml/);
  });

  it("kb:check names an entry without its Spanish block", () => {
    const { es: _es, ...english } = entry("only-en", ES_OK);
    expect(missingSpanishProblems(kbOf(english, entry("both", ES_OK)))).toEqual([{ file: "faq/only-en.yaml", field: "es", message: expect.stringMatching(/missing/) }]);
  });
});

describe("the Spanish knowledge base", () => {
  const kb = loadKnowledgeBase();
  const entries = [...kb.faq.values()];

  it("has a Spanish block in every entry, with at least 12 phrasings", () => {
    expect(missingSpanishProblems(kb)).toEqual([]);
    for (const e of entries) expect(e.es!.questions.length, e.id).toBeGreaterThanOrEqual(12);
  });

  it.each(entries.map((e) => [e.id, e] as const))("%s: Spanish SMS within two segments, GSM-7, and INFLESZ at least 55", (_id, e) => {
    const sms = spanishSmsWorstCase(e.es!.answers.sms);
    expect(sms.segments).toBeLessThanOrEqual(2);
    // Written without á í ó ú so it stays GSM-7 (153 septets a segment, not 67).
    expect(sms.encoding).toBe("GSM-7");
    expect(spanishAnswerInflesz(e.es!.answers.sms)).toBeGreaterThanOrEqual(MIN_INFLESZ);
    expect(spanishAnswerInflesz(e.es!.answers.web)).toBeGreaterThanOrEqual(MIN_INFLESZ);
  });

  it("says the crisis lines in Spanish, with the Spanish option of 988, wherever suicide is mentioned", () => {
    for (const e of entries) {
      for (const text of [e.es!.answers.sms, e.es!.answers.web]) {
        if (!/suicid/i.test(text)) continue;
        expect(text, e.id).toMatch(/\b988\b/);
        expect(text, e.id).toMatch(/\b911\b/);
      }
    }
    const web = kb.faq.get("suicidal-thoughts")!.es!.answers.web;
    expect(web).toMatch(/marca 2/);
    expect(web).toMatch(/AYUDA/);
    expect(kb.faq.get("suicidal-thoughts")!.es!.answers.sms).toMatch(/marca 2/);
  });

  it("passes every kb:check rule in both languages", () => {
    expect(validateKnowledgeBase(kb)).toEqual([]);
    expect(readabilityProblems(kb)).toEqual([]);
  });
});
