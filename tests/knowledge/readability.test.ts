import { describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { MAX_GRADE, readability, sentencesOf, wordSyllables, wordsOf } from "../../src/knowledge/readability.js";
import { answerGrade, entryReport } from "../../src/knowledge/validate.js";

describe("Flesch-Kincaid grade", () => {
  it("follows the formula: 0.39 words/sentence + 11.8 syllables/word - 15.59", () => {
    // 2 sentences, 10 words, 12 syllables ("Ketamine" 3): 0.39*5 + 11.8*1.2 - 15.59 = 0.52
    const r = readability("Ketamine can help. Staff are with you the whole time.");
    expect(r).toMatchObject({ sentences: 2, words: 10, syllables: 12 });
    expect(r.grade).toBeCloseTo(0.5, 1);
  });

  it("rates long sentences of long words as hard, short plain ones as easy", () => {
    const hard =
      "Esketamine administration necessitates comprehensive cardiovascular monitoring, considering documented hypertensive and dissociative manifestations.";
    const easy = "You rest in a calm room. Staff check on you. You go home the same day.";
    expect(readability(hard).grade).toBeGreaterThan(15);
    expect(readability(easy).grade).toBeLessThan(3);
  });

  it("reads numbers digit by digit and initialisms letter by letter", () => {
    expect(wordSyllables("988")).toBe(3);
    expect(wordSyllables("2023")).toBe(4);
    expect(wordSyllables("FDA")).toBe(3);
    expect(wordSyllables("PTSD")).toBe(4);
    expect(wordSyllables("FDA-approved")).toBe(5);
    expect(wordSyllables("ketamine")).toBe(3);
  });

  it("splits sentences at . ! ? and line breaks, words at spaces, and counts a placeholder as one word", () => {
    expect(sentencesOf("Call {clinicPhone}. Or email us!\nThanks")).toEqual(["Call it.", "Or email us!", "Thanks"]);
    expect(wordsOf("It's a treatment-resistant case, isn't it?")).toEqual(["It's", "a", "treatment-resistant", "case", "isn't", "it"]);
    expect(readability("").grade).toBe(0);
  });
});

describe("the knowledge base reads at about grade 6 to 8", () => {
  const kb = loadKnowledgeBase();
  it.each([...kb.faq.values()].map((e) => [e.id, e] as const))("%s: SMS and web at most grade 8", (_id, entry) => {
    expect(answerGrade(entry.answers.sms)).toBeLessThanOrEqual(MAX_GRADE);
    expect(answerGrade(entry.answers.web)).toBeLessThanOrEqual(MAX_GRADE);
  });

  it("measures an answer with optional facts by its harder variant", () => {
    const withSegment = "Call {clinicPhone}.[[ Our website at {clinicWebsite} lists comprehensive informational documentation.||Ask us.]]";
    expect(answerGrade(withSegment)).toBeGreaterThan(answerGrade("Call {clinicPhone}. Ask us."));
  });

  it("reports each entry's grades and its longest SMS for kb:check --verbose", () => {
    const report = entryReport(kb.faq.get("clinic-hours")!);
    expect(report.id).toBe("clinic-hours");
    expect(report.smsWorstLength).toBeGreaterThan(200); // two hours lines at their longest
    expect(report.smsWorstLength).toBeLessThanOrEqual(306);
  });
});
