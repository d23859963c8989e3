import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import twilio from "twilio";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";
import { analyseSms } from "../../src/text/gsm7.js";
import { smsReplyText } from "../../src/channels/sms/sms-render.js";
import { OptOutRepo } from "../../src/state/opt-outs.js";
import { DeliveryStatusRepo } from "../../src/channels/sms/delivery-status.js";
import { OPT_OUT_KEYWORDS } from "../../src/channels/sms/keywords.js";
import { fillClinic } from "../../src/pipeline/say.js";
import type { Phrase } from "../../src/domain/phrases.js";
import { FakeTwilioApi } from "./helpers/fake-twilio.js";
import {
  CLINIC_NUMBER,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  TEST_PUBLIC_BASE_URL,
  inboundForm,
  newMessageSid,
  newPhone,
  postSigned,
  smsEnv,
  text,
  twimlMessages,
} from "./helpers/twilio-webhook.js";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe("SMS channel: POST /twilio/sms and /twilio/status", () => {
  const api = new FakeTwilioApi();
  let t: TestApp;
  let optOuts: OptOutRepo;

  beforeAll(async () => {
    await api.start();
    t = await startTestApp(smsEnv(api.url));
    optOuts = new OptOutRepo(t.app.store.kv);
  });
  afterAll(async () => {
    await t.close();
    await api.stop();
  });

  /** What a phrase looks like on SMS. */
  const sms = (phrase: Phrase) => smsReplyText({ text: fillClinic(phrase.web, t.app.services.clinic), smsText: fillClinic(phrase.sms, t.app.services.clinic) });
  const faqSms = (id: string) => smsReplyText({ text: "", smsText: fillClinic(t.app.services.kb.faq.get(id)?.answers.sms ?? "missing", t.app.services.clinic) });
  const transcript = (phone: string) => t.app.store.transcripts.list(`sms:${phone}`);

  describe("signature", () => {
    it("answers a signed message with TwiML: the disclosure, then the curated SMS answer", async () => {
      const phone = newPhone();
      const res = await postSigned(t.url, "/twilio/sms", inboundForm(phone, "how long do the effects last?"));
      expect(res.status).toBe(200);
      expect(res.contentType).toMatch(/^text\/xml/);
      expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
      const messages = twimlMessages(res.body);
      const all = messages.join("\n\n");
      expect(all).toContain(sms(t.app.services.wording.en.disclosure));
      expect(all).toContain(faqSms("effects-duration"));
      for (const m of messages) {
        expect(analyseSms(m).encoding).toBe("GSM-7");
        expect(analyseSms(m).segments).toBeLessThanOrEqual(2);
      }
      const lines = await transcript(phone);
      expect(lines[0]).toMatchObject({ from: "person", channel: "sms", text: "how long do the effects last?", faqId: "effects-duration" });
    });

    const refused: [string, (form: Record<string, string>) => Promise<{ status: number; body: string }>, RegExp][] = [
      ["a missing signature", (form) => postSigned(t.url, "/twilio/sms", form, { signature: null }), /Missing X-Twilio-Signature/],
      ["a forged signature", (form) => postSigned(t.url, "/twilio/sms", form, { signature: "bm90IGEgc2lnbmF0dXJl" }), /Invalid/],
      ["a signature made with another token", (form) => postSigned(t.url, "/twilio/sms", form, { token: "someone-elses-token" }), /Invalid/],
      [
        "a signature for the Host header's URL instead of PUBLIC_BASE_URL",
        (form) => postSigned(t.url, "/twilio/sms", form, { publicBaseUrl: t.url }),
        /Invalid/,
      ],
      [
        "a body changed after signing",
        (form) => {
          const signature = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${TEST_PUBLIC_BASE_URL}/twilio/sms`, form);
          return postSigned(t.url, "/twilio/sms", { ...form, Body: "I changed this" }, { signature });
        },
        /Invalid/,
      ],
    ];
    for (const [name, post, reason] of refused) {
      it(`refuses ${name} with 403 and processes nothing`, async () => {
        const phone = newPhone();
        const form = inboundForm(phone, "STOP");
        const res = await post(form);
        expect(res.status).toBe(403);
        expect(JSON.parse(res.body)).toEqual({ error: { code: "forbidden", message: expect.stringMatching(reason) } });
        expect(await transcript(phone)).toEqual([]);
        expect(await optOuts.isOptedOut(phone)).toBe(false);
        // The MessageSid was not claimed: the genuine delivery is still processed.
        const genuine = await postSigned(t.url, "/twilio/sms", form);
        expect(genuine.status).toBe(200);
        expect(await optOuts.isOptedOut(phone)).toBe(true);
      });
    }

    it("refuses a signed request for another account with 403", async () => {
      const res = await postSigned(t.url, "/twilio/sms", inboundForm(newPhone(), "hi", { AccountSid: `AC${"ff".repeat(16)}` }));
      expect(res.status).toBe(403);
      expect(res.body).toMatch(/AccountSid/);
    });

    it("answers a malformed but signed body with 400 and the reason", async () => {
      const bad = await postSigned(t.url, "/twilio/sms", inboundForm(newPhone(), "hi", { MessageSid: "not-a-sid" }));
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).error.message).toMatch(/MessageSid/);
      const noFrom = inboundForm("", "hi");
      const missing = await postSigned(t.url, "/twilio/sms", noFrom);
      expect(missing.status).toBe(400);
      expect(JSON.parse(missing.body).error.message).toMatch(/From/);
    });

    it("accepts a signed webhook carrying large Add-on results (no 413)", async () => {
      // Two Add-ons, each returning close to Twilio's 64 kB cap of JSON: about 300 kB once form-encoded.
      const result = (name: string) => ({ request_sid: `XR${"0".repeat(32)}`, status: "successful", message: null, code: null, result: { name, records: Array.from({ length: 900 }, (_, i) => ({ id: i, caller_name: "REDACTED", type: "mobile", carrier: { name: "Carrier", mobile_network_code: "260" } })) } });
      const addOns = JSON.stringify({ status: "successful", message: null, code: null, results: { lookup_a: result("a"), lookup_b: result("b") } });
      const form = inboundForm(newPhone(), "how long do the effects last?", { AddOns: addOns });
      expect(new URLSearchParams(form).toString().length).toBeGreaterThan(200_000);
      const res = await postSigned(t.url, "/twilio/sms", form);
      expect(res.status).toBe(200);
      expect(twimlMessages(res.body).join("\n")).toContain(faqSms("effects-duration"));
    });

    it("answers a body over the limit with 413 before anything else", async () => {
      const res = await postSigned(t.url, "/twilio/sms", inboundForm(newPhone(), "hi", { AddOns: "x".repeat(1_100_000) }));
      expect(res.status).toBe(413);
    });

    it("answers other content types with 415 and other methods with 405", async () => {
      const json = await fetch(`${t.url}/twilio/sms`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(json.status).toBe(415);
      expect((await fetch(`${t.url}/twilio/sms`)).status).toBe(405);
      expect((await fetch(`${t.url}/twilio/status`)).status).toBe(405);
    });
  });

  describe("idempotency", () => {
    it("answers a redelivered MessageSid with the same TwiML and advances nothing", async () => {
      const phone = newPhone();
      const form = inboundForm(phone, "what are the side effects");
      const first = await postSigned(t.url, "/twilio/sms", form);
      const stateAfterFirst = await t.app.store.conversations.load(`sms:${phone}`);
      const second = await postSigned(t.url, "/twilio/sms", form);
      expect(second).toEqual(first);
      expect((await transcript(phone)).filter((l) => l.from === "person")).toHaveLength(1);
      expect(await t.app.store.conversations.load(`sms:${phone}`)).toEqual(stateAfterFirst);
    });

    it("has one effect when both deliveries arrive at once", async () => {
      const phone = newPhone();
      const form = inboundForm(phone, "how many treatments would i need");
      const answers = await Promise.all([postSigned(t.url, "/twilio/sms", form), postSigned(t.url, "/twilio/sms", form), postSigned(t.url, "/twilio/sms", form)]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(new Set(answers.map((a) => a.body)).size).toBe(1);
      expect(twimlMessages(answers[0]?.body ?? "").length).toBeGreaterThan(0);
      expect((await transcript(phone)).filter((l) => l.from === "person")).toHaveLength(1);
      expect((await t.app.store.conversations.load(`sms:${phone}`))?.turns).toBe(1);
    });

    it("records a duplicated STOP once", async () => {
      const phone = newPhone();
      const form = inboundForm(phone, "STOP");
      await Promise.all([postSigned(t.url, "/twilio/sms", form), postSigned(t.url, "/twilio/sms", form)]);
      expect((await transcript(phone)).filter((l) => l.from === "person")).toHaveLength(1);
    });
  });

  describe("opt-out law", () => {
    for (const keyword of OPT_OUT_KEYWORDS) {
      for (const variant of [keyword, keyword.toLowerCase(), ` ${keyword.charAt(0)}${keyword.slice(1).toLowerCase()} `]) {
        it(`${JSON.stringify(variant)} records the opt-out and gets no bot reply`, async () => {
          const phone = newPhone();
          await text(t.url, phone, "hello");
          const res = await postSigned(t.url, "/twilio/sms", inboundForm(phone, variant));
          expect(res.status).toBe(200);
          expect(res.body).toBe(EMPTY_TWIML);
          expect(await optOuts.get(phone)).toMatchObject({ source: "keyword", keyword });
          expect((await transcript(phone)).at(-1)).toMatchObject({ from: "person", text: variant.trim(), intent: "opt-out" });
        });
      }
    }

    it("sends nothing more after STOP, reminders included, until START", async () => {
      const phone = newPhone();
      await text(t.url, phone, "STOP");
      expect(await text(t.url, phone, "what are the side effects")).toEqual([]);
      expect(await text(t.url, phone, "HELP")).toEqual([]);
      const before = api.creates.length;
      expect(await t.app.sms.send(phone, "Reminder: your free consultation call is in an hour.", "reminder")).toEqual({ kind: "optedOut" });
      expect(api.creates.length).toBe(before);
      // The messages are still kept for staff.
      expect((await transcript(phone)).map((l) => l.intent)).toEqual(["opt-out", "opted-out", "help"]);

      expect(await text(t.url, phone, "START")).toEqual([]);
      expect(await optOuts.isOptedOut(phone)).toBe(false);
      expect((await text(t.url, phone, "what are the side effects")).join("\n")).toContain(faqSms("side-effects"));
      expect((await t.app.sms.send(phone, "Reminder: your free consultation call is in an hour.", "reminder")).kind).toBe("sent");
      expect(api.creates.at(-1)?.form.To).toBe(phone);
    });

    for (const keyword of ["UNSTOP", "unstop", "YES", "yes"]) {
      it(`${keyword} opts an opted-out number back in`, async () => {
        const phone = newPhone();
        await text(t.url, phone, "QUIT");
        expect(await text(t.url, phone, keyword)).toEqual([]);
        expect(await optOuts.isOptedOut(phone)).toBe(false);
        expect((await transcript(phone)).at(-1)).toMatchObject({ text: keyword, intent: "opt-in" });
      });
    }

    it("treats YES from a number that never opted out as an ordinary yes", async () => {
      const phone = newPhone();
      await text(t.url, phone, "what are the side effects");
      const replies = await text(t.url, phone, "yes");
      expect(replies.length).toBeGreaterThan(0);
      const person = (await transcript(phone)).filter((l) => l.from === "person").at(-1);
      expect(person?.intent).not.toBe("opt-in");
    });

    for (const body of ["please stop texting me", "remove me from this list", "dont text me anymore"]) {
      it(`honours "${body}" with one short confirmation`, async () => {
        const phone = newPhone();
        await text(t.url, phone, "hi");
        const first = await text(t.url, phone, body);
        expect(first).toHaveLength(1);
        expect(first[0]).toMatch(/no more texts/i);
        expect(first[0]).toMatch(/START/);
        expect(analyseSms(first[0] ?? "").segments).toBe(1);
        expect(await optOuts.get(phone)).toMatchObject({ source: "free-text" });
        expect(await text(t.url, phone, body)).toEqual([]);
        expect(await text(t.url, phone, "what are the side effects")).toEqual([]);
      });
    }

    it('treats "cancel" inside a sentence as a booking request, not an opt-out', async () => {
      const phone = newPhone();
      const replies = await text(t.url, phone, "I need to cancel my call on friday");
      expect(replies.length).toBeGreaterThan(0);
      expect(await optOuts.isOptedOut(phone)).toBe(false);
      const person = (await transcript(phone)).find((l) => l.from === "person");
      expect(person?.intent).not.toBe("opt-out");
    });

    it("leaves an exact HELP on a plain number to Twilio's own reply (no second reply), and keeps it in the transcript", async () => {
      const phone = newPhone();
      expect(await text(t.url, phone, "HELP")).toEqual([]);
      expect((await transcript(phone)).map((l) => [l.from, l.intent])).toEqual([["person", "help"]]);
    });

    for (const keyword of ["help?", "Info."]) {
      it(`answers ${JSON.stringify(keyword)} (not Twilio's exact keyword) with the clinic, its phone, rates and how to opt out`, async () => {
        const phone = newPhone();
        const [reply, ...rest] = await text(t.url, phone, keyword);
        expect(rest).toEqual([]);
        const { clinic } = t.app.services;
        expect(reply).toContain(clinic.name);
        expect(reply).toContain(clinic.phone);
        expect(reply).toContain("Msg&data rates may apply");
        expect(reply).toContain("Reply STOP to opt out");
        expect(analyseSms(reply ?? "").encoding).toBe("GSM-7");
        expect(analyseSms(reply ?? "").segments).toBeLessThanOrEqual(2);
        expect((await transcript(phone)).map((l) => [l.from, l.intent])).toEqual([
          ["person", "help"],
          ["bot", "help"],
        ]);
      });
    }

    it("answers a crisis message even from an opted-out number, and alerts staff", async () => {
      const phone = newPhone();
      await text(t.url, phone, "STOP");
      const replies = await text(t.url, phone, "I want to kill myself");
      expect(replies.join(" ")).toContain(sms(t.app.services.wording.en.crisis));
      expect(replies.join(" ")).toMatch(/988/);
      await t.app.host.drain();
      expect((await t.app.store.handoffs.openFor(`sms:${phone}`))?.urgency).toBe("urgent");
      expect(await optOuts.isOptedOut(phone)).toBe(true);
    });

    it("answers a crisis inside a revocation with the crisis reply and still records the opt-out", async () => {
      const phone = newPhone();
      const replies = await text(t.url, phone, "stop texting me, I want to end my life");
      expect(replies.join(" ")).toMatch(/988/);
      expect(replies.join(" ")).not.toMatch(/unsubscribed/);
      expect(await optOuts.get(phone)).toMatchObject({ source: "free-text" });
    });
  });

  describe("what people send", () => {
    it("answers a picture with no text with the text-only line", async () => {
      const phone = newPhone();
      const replies = await text(t.url, phone, "", {
        NumMedia: "1",
        MediaUrl0: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME",
        MediaContentType0: "image/jpeg",
      });
      expect(replies.join("\n\n")).toContain(sms(t.app.services.wording.en.mediaOnly));
      expect((await transcript(phone))[0]?.text).toBe("[1 attachment(s)]");
    });

    it("answers the text of a message that also carries a picture", async () => {
      const replies = await text(t.url, newPhone(), "what are the side effects", { NumMedia: "2" });
      expect(replies.join("\n\n")).toContain(faqSms("side-effects"));
    });

    it("answers an empty body", async () => {
      const replies = await text(t.url, newPhone(), "");
      expect(replies.join("\n\n")).toContain(sms(t.app.services.wording.en.emptyMessage));
    });

    for (const [name, body] of [
      ["a very long body", "I have a question about treatment. ".repeat(150)],
      ["emoji only", "\u{1F44D}\u{1F60A}"],
      ["Chinese", "\u6cbb\u7597\u9700\u8981\u591a\u4e45\uff1f"],
      ["Russian", "\u0421\u043a\u043e\u043b\u044c\u043a\u043e \u0441\u0442\u043e\u0438\u0442?"],
      ["Arabic with a right-to-left mark", "\u200f\u0645\u0631\u062d\u0628\u0627"],
      ["control characters", "hi\u0000\u0007 there"],
    ] as const) {
      it(`answers ${name} without errors, in GSM-7 within 2 segments per message`, async () => {
        const replies = await text(t.url, newPhone(), body);
        expect(replies.length).toBeGreaterThan(0);
        for (const r of replies) expect(analyseSms(r)).toMatchObject({ encoding: "GSM-7", segments: expect.any(Number) });
        for (const r of replies) expect(analyseSms(r).segments).toBeLessThanOrEqual(2);
      });
    }

    it("numbers the choices of a reply and takes the number as the pick", async () => {
      const phone = newPhone();
      const replies = await text(t.url, phone, "hello");
      const all = replies.join("\n");
      const firstChoice = t.app.services.wording.en.menuChoices[0];
      expect(all).toContain(`1: ${firstChoice?.title}`);
      await text(t.url, phone, "1");
      const person = (await transcript(phone)).filter((l) => l.from === "person").at(-1);
      expect(person?.text).toBe("1");
      expect(person?.intent).toBeDefined();
      expect(person?.intent).not.toBe("not-understood");
    });
  });

  describe("status callbacks", () => {
    const status = (sid: string, messageStatus: string, extra: Record<string, string> = {}) =>
      postSigned(t.url, "/twilio/status", { MessageSid: sid, AccountSid: TEST_ACCOUNT_SID, MessageStatus: messageStatus, SmsStatus: messageStatus, From: CLINIC_NUMBER, ApiVersion: "2010-04-01", ...extra });

    it("keeps the furthest status when callbacks arrive out of order, and ignores repeats", async () => {
      const outcome = await t.app.sms.send(newPhone(), "Your free consultation call is booked.", "confirmation");
      expect(outcome.kind).toBe("sent");
      if (outcome.kind !== "sent") return;
      const deliveries = new DeliveryStatusRepo(t.app.store.kv, t.app.store.retentionMs);
      for (const s of ["delivered", "sent", "sent", "queued", "sending", "delivered"]) expect((await status(outcome.sid, s)).status).toBe(204);
      expect(await deliveries.get(outcome.sid)).toMatchObject({ status: "delivered", purpose: "confirmation" });
    });

    it("records the opt-out of a message that failed with 21610", async () => {
      const phone = newPhone();
      const sid = newMessageSid();
      expect((await status(sid, "failed", { ErrorCode: "21610", To: phone })).status).toBe(204);
      expect(await optOuts.get(phone)).toMatchObject({ source: "status-callback" });
    });

    it("refuses unsigned callbacks and rejects malformed ones", async () => {
      const sid = newMessageSid();
      const unsigned = await postSigned(t.url, "/twilio/status", { MessageSid: sid, AccountSid: TEST_ACCOUNT_SID, MessageStatus: "delivered" }, { signature: null });
      expect(unsigned.status).toBe(403);
      const bad = await status("nope", "delivered");
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).error.message).toMatch(/MessageSid/);
    });
  });

  it("gives a conversation over /twilio/sms the same answers as over /api/messages", async () => {
    const questions = ["how long do the effects last?", "what are the side effects", "is it safe", "how many treatments would i need", "what is treatment resistant depression", "thanks"];
    const phone = newPhone();
    const visitor = randomUUID();
    for (const q of questions) {
      const web = await say(t.url, visitor, q);
      const texts = await text(t.url, phone, q);
      const webFaqs = web.filter((r) => r.faq).map((r) => r.faq as string);
      for (const id of webFaqs) expect(texts.join("\n\n"), `${q} -> ${id}`).toContain(faqSms(id));
    }
    const strip = (lines: Awaited<ReturnType<typeof transcript>>) => lines.map((l) => [l.from, l.kind ?? null, l.intent ?? null, l.faqId ?? null]);
    const webLines = await t.app.store.transcripts.list(`web:${visitor}`);
    const smsLines = await transcript(phone);
    expect(strip(smsLines)).toEqual(strip(webLines));
    expect(smsLines.filter((l) => l.faqId).length).toBeGreaterThanOrEqual(questions.length - 2);
  });
});
