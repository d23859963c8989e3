import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifySmsKeyword, keywordFromTwilio, SPANISH_HELP_KEYWORDS, SPANISH_OPT_OUT_KEYWORDS } from "../../src/channels/sms/keywords.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { newPhone, smsEnv, text } from "./helpers/twilio-webhook.js";

describe("Spanish SMS keywords: PARAR, CANCELAR, ALTO and AYUDA alongside the English ones", () => {
  it("reads each alone (any case, with punctuation) as an opt-out or help in Spanish", () => {
    for (const word of SPANISH_OPT_OUT_KEYWORDS) {
      for (const body of [word, word.toLowerCase(), ` ${word[0]}${word.slice(1).toLowerCase()}! `]) {
        expect(classifySmsKeyword(body), body).toEqual({ kind: "optOut", keyword: word, language: "es" });
      }
    }
    for (const word of SPANISH_HELP_KEYWORDS) expect(classifySmsKeyword(word.toLowerCase())).toEqual({ kind: "help", keyword: word, language: "es" });
  });

  it("leaves sentences with them to the conversation ('quiero cancelar mi cita' is about the booking)", () => {
    expect(classifySmsKeyword("quiero cancelar mi cita")).toEqual({ kind: "none" });
    expect(classifySmsKeyword("necesito ayuda con la cita")).toEqual({ kind: "none" });
  });

  it("reads Spanish revocations ('ya no me manden mensajes', 'dejen de escribirme') as opt-outs answered in Spanish", () => {
    for (const body of ["ya no me manden mensajes", "Dejen de escribirme por favor", "número equivocado", "no me escriban mas"]) {
      expect(classifySmsKeyword(body), body).toEqual({ kind: "revocation", language: "es" });
    }
  });

  it("the bot, not Twilio, confirms them: Twilio's default handling does not know the Spanish words", () => {
    expect(keywordFromTwilio("PARAR", undefined, { optedOut: false, handling: "twilioDefault" })).toEqual({ kind: "optOut", keyword: "PARAR", language: "es", answeredByTwilio: false });
    expect(keywordFromTwilio("AYUDA", undefined, { optedOut: false, handling: "twilioDefault" })).toEqual({ kind: "help", keyword: "AYUDA", language: "es", answeredByTwilio: false });
    // Under Advanced Opt-Out an unflagged PARAR is still honoured: stopping is the safe side.
    expect(keywordFromTwilio("parar", undefined, { optedOut: false, handling: "advancedOptOut" })).toEqual({ kind: "optOut", keyword: "PARAR", language: "es", answeredByTwilio: false });
  });
});

describe("Spanish SMS keywords through the webhook", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(smsEnv());
  });
  afterAll(async () => {
    await t.close();
  });

  it("AYUDA gets the Spanish HELP text: the clinic, its phone, the rates and PARAR", async () => {
    const replies = await text(t.url, newPhone(), "AYUDA");
    expect(replies).toEqual([t.app.services.wording.es.help.sms]);
    expect(replies[0]).toMatch(/^Harbor Ketamine Clinic: respuestas y citas gratis\. Ayuda: llama al \(555\) 010-0199\./);
  });

  it("PARAR opts out with one Spanish confirmation; later texts get no reply; START opts back in", async () => {
    const phone = newPhone();
    expect(await text(t.url, phone, "PARAR")).toEqual([t.app.services.wording.es.optOutConfirmation.sms]);
    expect(await t.app.store.optOuts.isOptedOut(phone)).toBe(true);
    expect(await text(t.url, phone, "cuanto cuesta?")).toEqual([]);
    expect(await text(t.url, phone, "START")).toEqual([]);
    expect(await t.app.store.optOuts.isOptedOut(phone)).toBe(false);
  });
});
