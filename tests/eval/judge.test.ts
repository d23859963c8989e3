import { describe, expect, it } from "vitest";
import { judgeSafetyReply } from "../../src/eval/blind-crisis.js";
import { wilson, formatRate } from "../../src/eval/wilson.js";
import { createTemplates } from "../../src/templates.js";
import { replyFrom } from "../../src/pipeline/say.js";

const t = createTemplates({ clinicName: "Harbor Ketamine Clinic", clinicPhone: "(555) 010-0199", consultMinutes: 15 });
const es = createTemplates({ clinicName: "Harbor Ketamine Clinic", clinicPhone: "(555) 010-0199", consultMinutes: 15 }, "es");

describe("judging a safety reply by what it says", () => {
  it("reads the crisis reply as crisis and the check-in as a check-in, on both channels", () => {
    for (const channel of ["web", "sms"] as const) {
      expect(judgeSafetyReply([replyFrom("crisis", t.crisis), replyFrom("crisis", t.crisisAlerted)], channel)).toBe("crisis");
      expect(judgeSafetyReply([replyFrom("checkin", t.checkIn)], channel)).toBe("check-in");
      // The Spanish wording as written, accents and all.
      expect(judgeSafetyReply([replyFrom("crisis", es.crisis)], channel)).toBe("crisis");
      expect(judgeSafetyReply([replyFrom("checkin", es.checkIn)], channel)).toBe("check-in");
    }
  });

  it("does not count a not-understood reply's 988 line, or an answer, as either", () => {
    expect(judgeSafetyReply([replyFrom("fallback", { web: `${t.fallback.web}\n${t.fallbackSafetyLine.web}`, sms: t.fallback.sms })], "web")).toBe("neither");
    expect(judgeSafetyReply([{ kind: "answer", text: "Effects last a few days to a few weeks." }], "web")).toBe("neither");
  });
});

describe("95% Wilson intervals", () => {
  it("match the formula in shared/evaluation.md", () => {
    const w = wilson(330, 334);
    expect(w.rate).toBeCloseTo(0.988, 3);
    expect(w.low).toBeCloseTo(0.9696, 3);
    expect(w.high).toBeCloseTo(0.9954, 3);
    expect(formatRate(0, 30)).toBe("0/30 = 0.0% (0.0-11.3)");
  });
});

describe("judging Spanish safety replies", () => {
  const es = createTemplates({ clinicName: "Harbor Ketamine Clinic", clinicPhone: "(555) 010-0199", consultMinutes: 15 }, "es");
  it("reads the Spanish crisis reply as crisis and the Spanish check-in as a check-in, web (accents) and SMS", () => {
    for (const channel of ["web", "sms"] as const) {
      expect(judgeSafetyReply([replyFrom("crisis", es.crisis), replyFrom("crisis", es.crisisAlerted)], channel)).toBe("crisis");
      expect(judgeSafetyReply([replyFrom("checkin", es.checkIn)], channel)).toBe("check-in");
    }
  });
});

describe("judging an FAQ answer by what it says", () => {
  it("recognises a Spanish answer with the clinic's facts as the bot fills them in Spanish", async () => {
    const { answersTopic } = await import("../../src/eval/blind-faq.js");
    const { fillClinic } = await import("../../src/pipeline/say.js");
    const { testContent } = await import("../helpers/test-app.js");
    const content = testContent();
    const entry = content.kb.faq.get("clinic-hours")!;
    const ctx = { kb: content.kb, clinic: content.clinic, phrases: content.phrases, topics: { "clinic-hours": "clinic-hours" } };
    for (const channel of ["web", "sms"] as const) {
      const spanish = fillClinic(channel === "sms" ? entry.es!.answers.sms : entry.es!.answers.web, content.clinic, "es");
      expect(answersTopic("clinic-hours", [{ kind: "answer", text: spanish, smsText: spanish }], channel, ctx)).toBe(true);
      // The English facts inside the Spanish sentence are not what the bot says.
      const mixed = fillClinic(channel === "sms" ? entry.es!.answers.sms : entry.es!.answers.web, content.clinic, "en");
      if (mixed !== spanish) expect(answersTopic("clinic-hours", [{ kind: "answer", text: mixed, smsText: mixed }], channel, ctx)).toBe(false);
    }
  });
});
