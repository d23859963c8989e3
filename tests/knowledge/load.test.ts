import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KnowledgeBaseError, PROJECT_ROOT, loadKnowledgeBase, readKnowledgeBase } from "../../src/knowledge/load.js";
import { INTENT_IDS } from "../../src/knowledge/schema.js";

describe("the project's knowledge base", () => {
  it("loads with no problems", () => {
    const { kb, problems } = readKnowledgeBase(PROJECT_ROOT);
    expect(problems).toEqual([]);
    expect(kb.faq.size).toBe(35);
    expect([...kb.intents.keys()].sort()).toEqual([...INTENT_IDS].sort());
  });

  it("has exactly the 35 entries of the reviewed knowledge base (issue 15), each question with one right answer", () => {
    const kb = loadKnowledgeBase();
    expect([...kb.faq.keys()].sort()).toEqual(
      [
        "effects-duration", "how-fast-it-works", "session-length", "session-experience", "what-it-feels-like",
        "number-of-treatments", "side-effects", "is-it-safe", "who-can-have-it", "medical-intake", "addiction",
        "legal-status", "forms-of-ketamine", "spravato", "fda-status", "how-it-works", "what-is-ketamine",
        "treatment-resistant-depression", "does-it-work", "ketamine-vs-antidepressants", "ketamine-vs-ect",
        "other-conditions", "suicidal-thoughts", "preparing-for-a-session", "getting-home", "after-a-session",
        "at-home-ketamine", "cost-and-insurance", "age-requirements", "how-to-start", "clinic-location", "clinic-hours",
        "clinic-contact", "clinic-services", "clinic-languages",
      ].sort(),
    );
  });

  it("was reviewed on 2026-11-30 and has at least 12 phrasings per entry", () => {
    for (const entry of loadKnowledgeBase().faq.values()) {
      expect(entry.reviewed, entry.id).toBe("2026-11-30");
      expect(entry.questions.length, entry.id).toBeGreaterThanOrEqual(12);
    }
  });

  it("says in the side-effects answer how long they last (follow-ups land there)", () => {
    const entry = loadKnowledgeBase().faq.get("side-effects")!;
    expect(entry.answers.web).toMatch(/pass soon after the session/);
    expect(entry.answers.sms).toMatch(/pass soon after the session/);
  });

  it("keeps clinic facts out of answers: only placeholders", () => {
    for (const entry of loadKnowledgeBase().faq.values()) {
      const text = `${entry.answers.sms} ${entry.answers.web}`;
      expect(text, entry.id).not.toMatch(/\(?\d{3}\)?[ -]\d{3}-\d{4}|@\w+\.\w+|\$\d/);
    }
  });
});

describe("loadKnowledgeBase errors", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kb-"));
    cpSync(join(PROJECT_ROOT, "faq"), join(dir, "faq"), { recursive: true });
    cpSync(join(PROJECT_ROOT, "intents"), join(dir, "intents"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const edit = (file: string, change: (text: string) => string) => {
    const path = join(dir, file);
    writeFileSync(path, change(readFileSync(path, "utf8")));
  };
  const problemsOf = () => readKnowledgeBase(dir).problems.map((p) => `${p.file} ${p.field}: ${p.message}`);

  it("throws naming the file and the field", () => {
    edit("faq/side-effects.yaml", (t) => t.replace(/^reviewed: .*$/m, "reviewed: yesterday"));
    expect(() => loadKnowledgeBase(dir)).toThrow(KnowledgeBaseError);
    expect(() => loadKnowledgeBase(dir)).toThrow(/faq\/side-effects\.yaml reviewed:/);
  });

  it("rejects an entry without sources", () => {
    edit("faq/getting-home.yaml", (t) => t.replace(/^sources:\n(  .*\n)+/m, "sources: []\n"));
    expect(problemsOf().join("\n")).toMatch(/faq\/getting-home\.yaml sources: every entry needs at least one source/);
  });

  it("rejects an SMS answer that is too long with the longest clinic name", () => {
    edit("faq/clinic-contact.yaml", (t) => t.replace(/^  sms: "(.*)"$/m, (_m, sms: string) => `  sms: "${sms} {clinicName} {clinicName} {clinicName}"`));
    expect(problemsOf().join("\n")).toMatch(/faq\/clinic-contact\.yaml answers\.sms: \d+ characters with the longest clinic facts the profile allows/);
  });

  it("rejects non-GSM-7 characters in an SMS answer", () => {
    edit("faq/clinic-contact.yaml", (t) => t.replace(/^  sms: "/m, "  sms: \"\u201cHi\u201d \u2014 \uD83D\uDE42 "));
    expect(problemsOf().join("\n")).toMatch(/faq\/clinic-contact\.yaml answers\.sms: non-GSM-7 characters/);
  });

  it("rejects the same question under two entries", () => {
    edit("faq/getting-home.yaml", (t) => t.replace("questions:\n", "questions:\n  - How much does it COST?\n"));
    expect(problemsOf().join("\n")).toMatch(/faq\/getting-home\.yaml questions\[\d+\]: "How much does it COST\?" is already a phrasing in faq\/cost-and-insurance\.yaml/);
  });

  it("rejects too few phrasings, an unknown placeholder and a forbidden claim", () => {
    edit("faq/what-is-ketamine.yaml", (t) => t.replace(/questions:\n(  - .*\n)+/, "questions:\n  - what is ketamine\n"));
    edit("faq/does-it-work.yaml", (t) => t.replace(/^  web: "/m, '  web: "About 73% of people feel better at {clinicCity}. '));
    const all = problemsOf().join("\n");
    expect(all).toMatch(/faq\/what-is-ketamine\.yaml questions: needs at least 12 phrasings/);
    expect(all).toMatch(/faq\/does-it-work\.yaml answers\.web: unknown placeholder \{clinicCity\}/);
    expect(all).toMatch(/faq\/does-it-work\.yaml answers\.web: states a success rate/);
  });

  it("rejects an id that differs from the file name, and a missing intent", () => {
    edit("faq/side-effects.yaml", (t) => t.replace(/^id: side-effects$/m, "id: side-effect"));
    rmSync(join(dir, "intents/help.yaml"));
    const all = problemsOf().join("\n");
    expect(all).toMatch(/faq\/side-effects\.yaml id: "side-effect" must equal the file name "side-effects"/);
    expect(all).toMatch(/intents\/help\.yaml \(file\): missing/);
  });

  it("reports broken YAML with the file", () => {
    writeFileSync(join(dir, "faq/broken.yaml"), "id: [unclosed\n");
    expect(problemsOf().join("\n")).toMatch(/faq\/broken\.yaml \(yaml\):/);
  });
});
