import { describe, expect, it } from "vitest";
import { analyseSms } from "../../src/text/gsm7.js";
import type { Phrase } from "../../src/domain/phrases.js";
import { createTemplates, type Templates } from "../../src/templates.js";
import { toGsm7 } from "../../src/channels/sms/to-gsm7.js";

// A realistic worst case: a 40-character clinic name and a 14-character phone number.
const clinic = { clinicName: "Evergreen Valley Ketamine & Wellness Ctr", clinicPhone: "(555) 201-3344", consultMinutes: 15 };
const t = createTemplates(clinic);
const spanish = createTemplates(clinic, "es");

/** Every phrase in the templates, by name (the one function gets a sample FAQ topic). */
function allPhrases(templates: Templates): [string, Phrase][] {
  return Object.entries(templates).flatMap(([name, value]): [string, Phrase][] => {
    if (typeof value === "function") return [[name, (value as (topic: string) => Phrase)("side effects and how long they last")]];
    if (value && typeof value === "object" && "sms" in value && "web" in value) return [[name, value as Phrase]];
    return [];
  });
}

describe("templates", () => {
  it("fixture is the realistic worst case", () => {
    expect(clinic.clinicName).toHaveLength(40);
    expect(clinic.clinicPhone).toHaveLength(14);
  });

  it.each(allPhrases(t))("%s is GSM-7 on both channels, at most 2 segments by SMS", (_, phrase) => {
    const sms = analyseSms(phrase.sms);
    expect(sms.nonGsmChars).toEqual([]);
    expect(sms.encoding).toBe("GSM-7");
    expect(sms.length).toBeLessThanOrEqual(306);
    expect(sms.segments).toBeLessThanOrEqual(2);
    expect(analyseSms(phrase.web).encoding).toBe("GSM-7");
    expect(phrase.web.length).toBeLessThanOrEqual(700);
  });

  it("choice titles are GSM-7 and short", () => {
    for (const c of [...t.menuChoices, ...t.bookChoices]) {
      expect(analyseSms(c.title).encoding).toBe("GSM-7");
      expect(c.title.length).toBeLessThanOrEqual(24);
    }
  });

  it("the first SMS of a conversation (disclosure and greeting) fits 2 segments", () => {
    expect(analyseSms(`${t.disclosure.sms}\n${t.greeting.sms}`).length).toBeLessThanOrEqual(306);
  });

  it("the disclosure is one line: automated, not a clinician, 911 or 988", () => {
    for (const text of [t.disclosure.web, t.disclosure.sms]) {
      expect(text).not.toContain("\n");
      expect(text).toMatch(/automated assistant/);
      expect(text).toMatch(/not a clinician/);
      expect(text).toMatch(/911/);
      expect(text).toMatch(/988/);
    }
  });

  it("the crisis reply acknowledges first, gives every resource, never pushes booking, and says staff were alerted only in its alert line", () => {
    for (const text of [t.crisis.web, t.crisis.sms]) {
      expect(text).toMatch(/^I'm so sorry/);
      expect(text).toMatch(/immediate danger, (?:please )?call 911/);
      expect(text).toMatch(/[Cc]all or text 988/);
      expect(text).toContain("988lifeline.org");
      expect(text).toContain("text HOME to 741741");
      expect(text).not.toMatch(/alerted/);
      expect(text).not.toMatch(/book|consult|appointment|schedule/i);
    }
    expect(t.crisisAlerted.web).toMatch(/alerted a member of our staff/);
    expect(t.crisisNotAlerted("Monday at 9 AM").web).toMatch(/office hours.*Monday at 9 AM.*call or text 988/);
    expect(t.crisisNotAlerted("Monday at 9 AM").web).not.toMatch(/alerted/);
    for (const text of [t.crisisFollowUp.web, t.crisisFollowUp.sms]) {
      expect(text).toMatch(/911/);
      expect(text).toMatch(/988/);
      expect(text).not.toMatch(/book|consult|appointment|schedule/i);
    }
  });

  it("the medical deflection sends the question to a clinician at the consult and offers to book", () => {
    for (const text of [t.medicalDeflection.web, t.medicalDeflection.sms]) {
      expect(text).toMatch(/clinician/);
      expect(text).toMatch(/free 15-minute phone consult/);
      expect(text).toMatch(/book/);
      expect(text).not.toMatch(/\d+ ?mg|dose of/i);
    }
  });

  it("no template states a success rate or promises an outcome", () => {
    for (const [name, phrase] of allPhrases(t)) {
      for (const text of [phrase.web, phrase.sms]) {
        expect(text, name).not.toMatch(/%|percent|cures?\b|guarantee|will work|success rate/i);
      }
    }
  });

  it("SMS HELP names the clinic and number, rates and how to opt out", () => {
    expect(t.help.sms).toContain(clinic.clinicName);
    expect(t.help.sms).toContain(clinic.clinicPhone);
    expect(t.help.sms).toContain("Msg&data rates may apply");
    expect(t.help.sms).toContain("Reply STOP to opt out");
  });
});

describe("the safety replies in Spanish", () => {
  const es = spanish;
  const phrases = [es.crisis, es.crisisAlerted, es.crisisAlertedEarlier, es.crisisAlerting, es.crisisNotAlerted("el lunes a las 9 AM"), es.checkIn, es.checkInSafe];

  it("are GSM-7 and at most two segments by SMS (as the channel sends them)", () => {
    for (const p of phrases) {
      expect(analyseSms(toGsm7(p.sms)).encoding, p.sms).toBe("GSM-7");
      expect(analyseSms(toGsm7(p.sms)).segments, p.sms).toBeLessThanOrEqual(2);
    }
  });

  it("name 911 and 988 in Spanish (press 2, or text AYUDA), and the check-in asks whether the person is safe", () => {
    for (const text of [es.crisis.web, es.crisis.sms]) {
      expect(text).toMatch(/peligro inmediato, llama al 911/);
      expect(text).toMatch(/988 y marca 2/);
      expect(text).toMatch(/AYUDA/);
      expect(text).not.toMatch(/cita|consulta|reservar/i);
    }
    expect(es.checkIn.web).toMatch(/¿Estás a salvo/);
    expect(es.checkIn.sms).toMatch(/¿Estas a salvo/);
  });
});
