import { describe, expect, it } from "vitest";
import { keywordFromTwilio, type TwilioKeywordHandling } from "../../src/channels/sms/keywords.js";

const subscribed = { optedOut: false };
const optedOut = { optedOut: true };
const aoo = (optedOutNow: boolean) => ({ optedOut: optedOutNow, handling: "advancedOptOut" as TwilioKeywordHandling });

describe("keywordFromTwilio: OptOutType honoured only for what it names", () => {
  describe("OptOutType=START", () => {
    it("a bare YES from a number that is not opted out is an ordinary answer (the booking confirmation goes through)", () => {
      for (const yes of ["YES", "yes", "Yes!", " yes "]) expect(keywordFromTwilio(yes, "START", aoo(false)), yes).toEqual({ kind: "none" });
    });

    it("YES from an opted-out number opts back in, already confirmed by Twilio", () => {
      expect(keywordFromTwilio("yes", "START", aoo(true))).toEqual({ kind: "optIn", keyword: "YES", answeredByTwilio: true });
    });

    it("START and UNSTOP opt in whether or not the number was opted out (they mean nothing else)", () => {
      expect(keywordFromTwilio("START", "START", aoo(false))).toEqual({ kind: "optIn", keyword: "START", answeredByTwilio: true });
      expect(keywordFromTwilio("unstop", "START", aoo(true))).toEqual({ kind: "optIn", keyword: "UNSTOP", answeredByTwilio: true });
    });

    it("a service's own opt-in word (say SUBSCRIBE) is an opt-in only for an opted-out number", () => {
      expect(keywordFromTwilio("SUBSCRIBE", "START", aoo(true))).toEqual({ kind: "optIn", keyword: "SUBSCRIBE", answeredByTwilio: true });
      expect(keywordFromTwilio("SUBSCRIBE", "START", aoo(false))).toEqual({ kind: "none" });
    });
  });

  describe("OptOutType=STOP and HELP", () => {
    it("STOP flags are opt-outs whatever the word: Twilio has already blocked the number", () => {
      expect(keywordFromTwilio("STOP", "STOP", aoo(false))).toEqual({ kind: "optOut", keyword: "STOP", answeredByTwilio: true });
      expect(keywordFromTwilio("Arret", "STOP", aoo(false))).toEqual({ kind: "optOut", keyword: "ARRET", answeredByTwilio: true });
      expect(keywordFromTwilio("cancel", "STOP", aoo(false))).toEqual({ kind: "optOut", keyword: "CANCEL", answeredByTwilio: true });
    });

    it("HELP flags were answered by Twilio with the service's HELP text: the bot adds nothing", () => {
      expect(keywordFromTwilio("help", "HELP", aoo(false))).toEqual({ kind: "help", keyword: "HELP", answeredByTwilio: true });
      expect(keywordFromTwilio("AYUDA", "HELP", aoo(false))).toEqual({ kind: "help", keyword: "AYUDA", answeredByTwilio: true });
    });
  });

  describe("no OptOutType under Advanced Opt-Out: Twilio matched nothing", () => {
    it("a standard word the service removed is an ordinary message (CANCEL reaches the booking dialog)", () => {
      expect(keywordFromTwilio("CANCEL", undefined, aoo(false))).toEqual({ kind: "none" });
      expect(keywordFromTwilio("END", undefined, aoo(false))).toEqual({ kind: "none" });
    });

    it("nothing opts in: Twilio keeps its block, so our record keeps the opt-out", () => {
      expect(keywordFromTwilio("YES", undefined, aoo(true))).toEqual({ kind: "none" });
      expect(keywordFromTwilio("UNSTOP", undefined, aoo(true))).toEqual({ kind: "none" });
    });

    it("free-text revocations still opt out, and the bot confirms them itself", () => {
      expect(keywordFromTwilio("please stop texting me", undefined, aoo(false))).toEqual({ kind: "revocation" });
    });

    it("INFO the service does not list is the bot's to answer", () => {
      expect(keywordFromTwilio("INFO", undefined, aoo(false))).toEqual({ kind: "help", keyword: "INFO", answeredByTwilio: false });
    });
  });

  describe("no OptOutType on a plain number: Twilio's default handling", () => {
    it("YES is an opt-in only from an opted-out number", () => {
      expect(keywordFromTwilio("YES", undefined, subscribed)).toEqual({ kind: "none" });
      expect(keywordFromTwilio("YES", undefined, optedOut)).toEqual({ kind: "optIn", keyword: "YES", answeredByTwilio: true });
    });

    it("the standard keywords alone were answered by Twilio; with punctuation they were not", () => {
      expect(keywordFromTwilio("STOP", undefined, subscribed)).toEqual({ kind: "optOut", keyword: "STOP", answeredByTwilio: true });
      expect(keywordFromTwilio("stop!", undefined, subscribed)).toEqual({ kind: "optOut", keyword: "STOP", answeredByTwilio: false });
      expect(keywordFromTwilio("help", undefined, subscribed)).toEqual({ kind: "help", keyword: "HELP", answeredByTwilio: true });
      expect(keywordFromTwilio("Info", undefined, subscribed)).toEqual({ kind: "help", keyword: "INFO", answeredByTwilio: true });
      expect(keywordFromTwilio("help?", undefined, subscribed)).toEqual({ kind: "help", keyword: "HELP", answeredByTwilio: false });
    });

    it("a short code outside a Messaging Service gets no reply from Twilio", () => {
      expect(keywordFromTwilio("HELP", undefined, { optedOut: false, handling: "none" })).toEqual({ kind: "help", keyword: "HELP", answeredByTwilio: false });
      expect(keywordFromTwilio("STOP", undefined, { optedOut: false, handling: "none" })).toEqual({ kind: "optOut", keyword: "STOP", answeredByTwilio: false });
    });

    it("ordinary messages stay ordinary", () => {
      for (const body of ["yes please", "I need to cancel my call on friday", "what info do you need", ""]) expect(keywordFromTwilio(body, undefined, subscribed), body).toEqual({ kind: "none" });
    });
  });
});
