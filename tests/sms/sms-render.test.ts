import { describe, expect, it } from "vitest";
import { analyseSms } from "../../src/text/gsm7.js";
import { packSmsMessages, smsReplyText, splitSmsText } from "../../src/channels/sms/sms-render.js";

describe("SMS rendering", () => {
  it("uses the SMS wording, in GSM-7, with choices as numbered lines", () => {
    const text = smsReplyText({
      text: "The long web answer \u2014 with buttons",
      smsText: "Want to book your free call? \u{1F4DE}",
      choices: [
        { title: "Book a free call", payload: "book" },
        { title: "Talk to a person", payload: "human" },
      ],
    });
    expect(text).toBe("Want to book your free call?\n1: Book a free call\n2: Talk to a person");
    expect(analyseSms(text).encoding).toBe("GSM-7");
  });

  it("falls back to the text when a reply has no SMS wording", () => {
    expect(smsReplyText({ text: "It\u2019s free." })).toBe("It's free.");
  });

  it("packs short replies into one message, in order", () => {
    expect(packSmsMessages(["First.", "Second.", ""])).toEqual(["First.\n\nSecond."]);
  });

  it("starts a new message rather than letting one grow past 2 segments", () => {
    const a = "a".repeat(200);
    const b = "b".repeat(200);
    const messages = packSmsMessages([a, b]);
    expect(messages).toEqual([a, b]);
  });

  it("keeps a 2-segment answer whole", () => {
    const answer = `${"Most plans begin with six infusions over two to three weeks. ".repeat(5)}`.trim();
    expect(analyseSms(answer).segments).toBe(2);
    expect(packSmsMessages([answer])).toEqual([answer]);
  });

  it("splits a longer message at sentence boundaries and marks the parts", () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} says something useful about the consult.`);
    const parts = splitSmsText(sentences.join(" "));
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(analyseSms(p).segments).toBeLessThanOrEqual(2);
      expect(p.endsWith(`(${i + 1}/${parts.length})`)).toBe(true);
      // Every part ends on a whole sentence.
      expect(p.replace(/ \(\d+\/\d+\)$/, "")).toMatch(/consult\.$/);
    });
    expect(parts.map((p) => p.replace(/ \(\d+\/\d+\)$/, "")).join(" ")).toBe(sentences.join(" "));
  });

  it("cuts a single word longer than a message (a long link) without losing characters", () => {
    const link = `https://example.com/${"x".repeat(700)}`;
    const parts = splitSmsText(link);
    expect(parts.every((p) => analyseSms(p).segments <= 2)).toBe(true);
    expect(parts.map((p) => p.replace(/ \(\d+\/\d+\)$/, "")).join("")).toBe(link);
  });

  it("counts UCS-2 texts with their own, smaller segments", () => {
    const parts = splitSmsText(Array.from({ length: 10 }, () => "Привет мир, это длинное сообщение.").join(" "));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => analyseSms(p).segments <= 2)).toBe(true);
  });
});
