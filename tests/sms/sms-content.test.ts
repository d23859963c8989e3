import { describe, expect, it } from "vitest";
import { testContent } from "../helpers/test-app.js";
import { analyseSms } from "../../src/text/gsm7.js";
import { packSmsMessages, smsReplyText } from "../../src/channels/sms/sms-render.js";
import { smsWording } from "../../src/channels/sms/sms-wording.js";
import { fillClinic } from "../../src/pipeline/say.js";
import type { Phrase } from "../../src/domain/phrases.js";

/** What the bot can say on SMS, checked with the same helper the renderer and kb:check use. */
describe("SMS content", () => {
  const content = testContent();
  const { clinic, kb, phrases } = content;

  it("sends every FAQ answer as one GSM-7 message of at most 2 segments", () => {
    expect(kb.faq.size).toBeGreaterThan(0);
    for (const entry of kb.faq.values()) {
      const text = smsReplyText({ text: entry.answers.web, smsText: fillClinic(entry.answers.sms, clinic) });
      const analysis = analyseSms(text);
      expect(analysis.encoding, `${entry.id}: ${analysis.nonGsmChars.join(" ")}`).toBe("GSM-7");
      expect(analysis.segments, entry.id).toBeLessThanOrEqual(2);
      expect(packSmsMessages([text]), entry.id).toEqual([text]);
    }
  });

  it("sends every fixed phrase as GSM-7 within 2 segments", () => {
    const all = Object.entries(phrases).flatMap(([name, value]): [string, Phrase][] => {
      if (typeof value === "function") return [[name, value("side effects")]];
      if (value && typeof value === "object" && "sms" in value) return [[name, value as Phrase]];
      return [];
    });
    expect(all.length).toBeGreaterThan(10);
    for (const [name, phrase] of all) {
      const text = smsReplyText({ text: fillClinic(phrase.web, clinic), smsText: fillClinic(phrase.sms, clinic), choices: name === "menu" ? phrases.menuChoices : [] });
      expect(analyseSms(text).encoding, name).toBe("GSM-7");
      expect(analyseSms(text).segments, name).toBeLessThanOrEqual(2);
    }
  });

  it("keeps the HELP text within 2 GSM-7 segments and the opt-out confirmation within one", () => {
    const wording = smsWording(content.wording).en;
    expect(analyseSms(wording.help).encoding).toBe("GSM-7");
    expect(analyseSms(wording.help).segments).toBeLessThanOrEqual(2);
    expect(analyseSms(wording.optOutConfirmation)).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(wording.help).toContain(clinic.name);
    expect(wording.help).toContain(clinic.phone);
    expect(wording.help).toContain("Msg&data rates may apply");
    expect(wording.help).toContain("Reply STOP to opt out");
  });

  it("keeps the Spanish HELP text (AYUDA) within 2 GSM-7 segments, naming the clinic, its phone, the rates and PARAR", () => {
    const wording = smsWording(content.wording).es;
    expect(analyseSms(wording.help)).toMatchObject({ encoding: "GSM-7" });
    expect(analyseSms(wording.help).segments).toBeLessThanOrEqual(2);
    expect(analyseSms(wording.optOutConfirmation)).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(wording.help).toContain(clinic.name);
    expect(wording.help).toContain(clinic.phone);
    expect(wording.help).toMatch(/tarifas/);
    expect(wording.help).toMatch(/PARAR/);
  });
});
