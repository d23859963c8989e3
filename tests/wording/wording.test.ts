import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { analyseSms } from "../../src/text/gsm7.js";
import { toGsm7 } from "../../src/channels/sms/to-gsm7.js";
import { bookingText } from "../../src/flows/booking/booking-text.js";
import type { Phrase } from "../../src/domain/phrases.js";
import { BOOKING_ARGS, createTemplates, fillPhrase, loadWording, PHRASE_ARGS, type Templates } from "../../src/templates.js";
import { PROJECT_ROOT } from "../../src/util/project-root.js";
import { testContent } from "../helpers/test-app.js";

// The realistic worst case: a 40-character clinic name and a 14-character phone number.
const longClinic = { clinicName: "Evergreen Valley Ketamine & Wellness Ctr", clinicPhone: "(555) 201-3344", consultMinutes: 15 };

/** Every key path of a YAML document: "phrases.greeting", "phrases.crisis.web", "choices.menu.0.title"... */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

const raw = (language: string) => parse(readFileSync(join(PROJECT_ROOT, "wording", `${language}.yaml`), "utf8")) as Record<string, unknown>;

/** A copy of the project's wording folder with one file rewritten, to see start-up refuse it. */
function withWording(file: string, edit: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), "wording-"));
  cpSync(join(PROJECT_ROOT, "wording"), join(root, "wording"), { recursive: true });
  const path = join(root, "wording", file);
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  return root;
}

/** Each sentence with sample arguments, as the bot could send it. */
function sentences(t: Templates): [string, Phrase][] {
  const sample: Record<string, string> = {
    when: "el miercoles 25 de noviembre a las 10:30 a. m. PT",
    topic: "los efectos secundarios y cuanto duran",
    note: "",
    lead: "No tengo nada libre el miercoles 25 de noviembre despues de las 4 PM. Las horas mas cercanas son.",
    count: "3",
    zone: "hora de la Montana",
    slot: "miercoles 25 de noviembre a las 10:30 a. m. PT",
    from: "miercoles 25 de noviembre a las 10:30 a. m. PT",
    holdMinutes: "5",
    next: "¿Que nombre y numero de telefono usamos? Por ejemplo: Ana Rivera, 212-555-0134.",
    name: "Maria Fernanda Gonzalez",
    phone: "(212) 555-0134 (este numero)",
    reminder: "90 minutos",
    reminderLine: " Te enviaremos un recordatorio 90 minutos antes.",
    days: "14",
    question: "¿A que numero de telefono te llamamos?",
    where: "maria.fernanda.gonzalez@example.com",
    code: "123456",
    minutes: "10",
    triesLeft: "4",
    treatment: "sertralina",
  };
  return [
    ...Object.keys(PHRASE_ARGS).map((k): [string, Phrase] => [`phrases.${k}`, fillPhrase(t.sentences[k as keyof typeof PHRASE_ARGS], sample)]),
    ...Object.keys(BOOKING_ARGS).map((k): [string, Phrase] => [`booking.${k}`, fillPhrase(t.booking[k as keyof typeof BOOKING_ARGS], sample)]),
  ];
}

describe("wording files (wording/<language>.yaml)", () => {
  it("have exactly the same keys in English and Spanish, and the same dialog payloads", () => {
    const en = raw("en");
    const es = raw("es");
    // A sentence may be one text or {web, sms}: compare the keys down to the sentence.
    const sentenceKeys = (doc: Record<string, unknown>) =>
      keyPaths(doc)
        .map((p) => p.replace(/\.(web|sms)$/, ""))
        .filter((p) => !/^language$/.test(p));
    expect(new Set(sentenceKeys(es))).toEqual(new Set(sentenceKeys(en)));
    const wording = loadWording(longClinic);
    // The booking dialog's own payloads ("zone:...", "confirm:...") are the same words in both.
    // The booking button keeps one payload: care (src/pipeline/care.ts) drops it by that payload after a crisis.
    expect(wording.es.bookChoices[0]!.payload).toBe("book a consult");
    expect(wording.es.menuChoices[0]!.payload).toBe("book a consult");
    for (const list of ["zoneChoices", "confirmChoices"] as const) {
      expect(wording.es[list].map((c) => c.payload)).toEqual(wording.en[list].map((c) => c.payload));
    }
  });

  it("gives menu buttons Spanish payloads that the matcher reads as the English ones (a Spanish click keeps the conversation Spanish)", () => {
    const wording = loadWording(longClinic);
    const { matcher } = testContent();
    const meaning = (payload: string) => matcher.match(payload).matches.map((m) => `${m.kind}:${m.id}`);
    for (const list of ["menuChoices", "bookChoices"] as const) {
      wording.es[list].forEach((choice, i) => expect(meaning(choice.payload), choice.payload).toEqual(meaning(wording.en[list][i]!.payload)));
    }
  });

  it("are the only wording folder: no other language file lies there unloaded", () => {
    expect(readdirSync(join(PROJECT_ROOT, "wording")).sort()).toEqual(["en.yaml", "es.yaml"]);
  });

  it("refuses a file with a missing key, naming the file and the field", () => {
    const root = withWording("es.yaml", (text) => text.replace(/^ {2}goodbye: .*\n/m, ""));
    expect(() => loadWording(longClinic, root)).toThrow("wording/es.yaml phrases.goodbye:");
  });

  it("refuses an unknown key, naming the file and the field", () => {
    const root = withWording("en.yaml", (text) => text.replace(/^phrases:\n/m, 'phrases:\n  goodbyee: "Bye."\n'));
    expect(() => loadWording(longClinic, root)).toThrow(/wording\/en\.yaml phrases: .*goodbyee/);
  });

  it("refuses a placeholder the sentence may not use, naming the file and the field", () => {
    const root = withWording("es.yaml", (text) => text.replace("Cuídate, y gracias por escribir a {clinicName}.", "Cuídate, {name}."));
    expect(() => loadWording(longClinic, root)).toThrow("wording/es.yaml phrases.goodbye: unknown placeholder {name}");
  });

  it("refuses a file whose language is not its name", () => {
    const root = withWording("es.yaml", (text) => text.replace("language: es", "language: en"));
    expect(() => loadWording(longClinic, root)).toThrow('wording/es.yaml language: must be "es"');
  });

  it("fills the consult length from the clinic profile: with 30-minute slots the bot says 30, never 15", () => {
    const wording = loadWording({ ...longClinic, consultMinutes: 30 });
    expect(wording.en.greeting.web).toContain("free 30-minute phone consult");
    expect(wording.es.greeting.web).toContain("consulta gratis por teléfono de 30 minutos");
    const booking = bookingText(wording.en);
    expect(booking.askZone().text).toContain("free 30-minute phone consult");
    for (const t of [wording.en, wording.es]) {
      for (const [name, p] of sentences(t)) {
        expect(`${p.web} ${p.sms}`, name).not.toMatch(/\b15\b/);
        expect(`${p.web} ${p.sms}`, name).not.toMatch(/[{}]/);
      }
    }
  });

  it("leaves no consult length written in code", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
    // The knowledge-base content rules name "15-minute" to forbid it in faq/ answers.
    for (const file of files(join(PROJECT_ROOT, "src")).filter((f) => !/content-rules/.test(f))) expect(readFileSync(file, "utf8"), file).not.toMatch(/\b15-minute|15 minutos/);
  });

  it.each(["en", "es"] as const)("every %s sentence, as SMS, is GSM-7 within two segments with the longest clinic facts", (language) => {
    // confirmWeb is the web's confirmation (with buttons); SMS confirms with confirmSms.
    for (const [name, p] of sentences(createTemplates(longClinic, language)).filter(([n]) => n !== "booking.confirmWeb")) {
      const sms = analyseSms(toGsm7(p.sms));
      expect(sms.encoding, name).toBe("GSM-7");
      expect(sms.segments, `${name}: ${p.sms}`).toBeLessThanOrEqual(2);
    }
  });

  it("writes English in GSM-7 on the web too (one text serves both channels)", () => {
    for (const [name, p] of sentences(createTemplates(longClinic, "en"))) expect(analyseSms(p.web).encoding, name).toBe("GSM-7");
  });

  it("keeps the Spanish safety replies complete: 911, 988 press 2 or AYUDA, no booking push in the crisis reply", () => {
    const es = createTemplates(longClinic, "es");
    for (const text of [es.crisis.web, es.crisis.sms, es.crisisFollowUp.web, es.crisisFollowUp.sms, es.checkIn.web, es.checkIn.sms]) {
      expect(text).toMatch(/911/);
      expect(text).toMatch(/988/);
      expect(text).toMatch(/marca 2|marcar 2/);
      expect(text).toMatch(/AYUDA/);
      expect(text).not.toMatch(/cita|consulta|reservar/i);
    }
    for (const text of [es.medicalDeflection.web, es.medicalDeflection.sms]) {
      expect(text).toMatch(/profesional/);
      expect(text).toMatch(/medicina/);
    }
    expect(es.manipulationDeflection.web).toMatch(/no puedo prometer resultados/);
  });
});
