import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { analyseSms, isGsm7 } from "../../src/text/gsm7.js";
import { toGsm7 } from "../../src/channels/sms/to-gsm7.js";

describe("analyseSms: encoding and segments", () => {
  const cases: [string, string, "GSM-7" | "UCS-2", number, number][] = [
    ["empty", "", "GSM-7", 0, 1],
    ["160 GSM-7 characters", "a".repeat(160), "GSM-7", 160, 1],
    ["161 GSM-7 characters", "a".repeat(161), "GSM-7", 161, 2],
    ["306 GSM-7 characters", "a".repeat(306), "GSM-7", 306, 2],
    ["307 GSM-7 characters", "a".repeat(307), "GSM-7", 307, 3],
    ["459 GSM-7 characters", "a".repeat(459), "GSM-7", 459, 3],
    ["an extension character counts 2", "€", "GSM-7", 2, 1],
    ["80 extension characters fill one segment", "{".repeat(80), "GSM-7", 160, 1],
    ["81 extension characters need two", "[".repeat(81), "GSM-7", 162, 2],
    ["70 UCS-2 characters", "é".repeat(0) + "ж".repeat(70), "UCS-2", 70, 1],
    ["71 UCS-2 characters", "ж".repeat(71), "UCS-2", 71, 2],
    ["134 UCS-2 characters", "ж".repeat(134), "UCS-2", 134, 2],
    ["135 UCS-2 characters", "ж".repeat(135), "UCS-2", 135, 3],
    ["one curly quote turns 100 characters into UCS-2", "a".repeat(99) + "\u2019", "UCS-2", 100, 2],
    ["an emoji is two UTF-16 units", "hi 👋", "UCS-2", 5, 1],
  ];
  for (const [name, text, encoding, length, segments] of cases) {
    it(name, () => {
      const a = analyseSms(text);
      expect(a.encoding).toBe(encoding);
      expect(a.length).toBe(length);
      expect(a.segments).toBe(segments);
    });
  }

  it("never splits an escaped character across segments", () => {
    // 152 septets then "€" (2): the pair cannot share the first segment's last septet.
    const text = "a".repeat(152) + "€" + "a".repeat(10);
    expect(analyseSms(text)).toMatchObject({ encoding: "GSM-7", length: 164, segments: 2 });
    const tight = "a".repeat(152) + "€" + "a".repeat(152);
    expect(analyseSms(tight).length).toBe(306);
    expect(analyseSms(tight).segments).toBe(3);
  });

  it("never splits a surrogate pair across segments", () => {
    const text = "ж".repeat(66) + "😀" + "ж".repeat(66);
    expect(analyseSms(text)).toMatchObject({ encoding: "UCS-2", length: 134, segments: 3 });
  });

  it("lists each non-GSM character once, in order", () => {
    expect(analyseSms("It\u2019s \u201Cfine\u201D \u2019").nonGsmChars).toEqual(["\u2019", "\u201C", "\u201D"]);
  });
});

describe("toGsm7: normalisation for SMS", () => {
  const cases: [string, string, string][] = [
    ["curly single quotes", "It\u2019s the \u2018best\u2019", "It's the 'best'"],
    ["curly double quotes", "\u201CHello\u201D", '"Hello"'],
    ["en and em dashes", "9\u201312 \u2014 weekdays", "9-12 - weekdays"],
    ["ellipsis", "Wait\u2026", "Wait..."],
    ["non-breaking and thin spaces", "15\u00A0minutes\u202Fcall", "15 minutes call"],
    ["emoji are dropped", "Thanks! 😊 See you 👋🏽", "Thanks! See you"],
    ["flags are dropped, a keycap keeps its digit", "US 🇺🇸 press 1️⃣", "US press 1"],
    ["accents outside GSM-7 lose the accent", "Café José día", "Café José dia"],
    ["bullets", "\u2022 one\n\u2022 two", "- one\n- two"],
    ["zero-width characters", "a\u200Bb\uFEFF", "ab"],
    ["CRLF", "one\r\ntwo", "one\ntwo"],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const out = toGsm7(input);
      expect(out).toBe(expected);
      expect(isGsm7(out)).toBe(true);
    });
  }

  it("keeps the letters of other scripts (the message goes UCS-2 rather than losing words)", () => {
    expect(toGsm7("Привет, 你好")).toBe("Привет, 你好");
    expect(analyseSms(toGsm7("Привет")).encoding).toBe("UCS-2");
  });

  it("leaves GSM-7 text alone and never produces emoji, for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 80 }), (s) => {
        const out = toGsm7(s);
        expect(/\p{Extended_Pictographic}/u.test(out)).toBe(false);
        expect(toGsm7(out)).toBe(out);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 .,!?'"()@£$%&*+\-/:;<=>]{0,80}$/), (s) => {
        expect(toGsm7(s)).toBe(s.replace(/ {2,}/g, " ").trim());
      }),
    );
  });
});
