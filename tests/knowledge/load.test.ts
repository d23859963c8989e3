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
    expect(kb.faq.size).toBeGreaterThanOrEqual(17);
    expect([...kb.intents.keys()].sort()).toEqual([...INTENT_IDS].sort());
  });

  it("has an entry for every topic the issue lists", () => {
    const kb = loadKnowledgeBase();
    for (const id of [
      "effects-duration", "how-fast-it-works", "session-experience", "number-of-treatments", "side-effects",
      "who-can-have-it", "treatment-resistant-depression", "how-it-works", "forms-of-ketamine", "spravato-and-fda",
      "other-conditions", "ketamine-vs-ect", "ketamine-vs-antidepressants", "addiction-and-controlled-substance",
      "getting-home", "how-to-start", "cost-and-insurance",
    ]) {
      expect(kb.faq.has(id), id).toBe(true);
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
    expect(problemsOf().join("\n")).toMatch(/faq\/clinic-contact\.yaml answers\.sms: \d+ characters with the longest clinic name and phone/);
  });

  it("rejects non-GSM-7 characters in an SMS answer", () => {
    edit("faq/clinic-contact.yaml", (t) => t.replace(/^  sms: "You can/m, "  sms: \"\u201cYou\u201d can \u2014 \uD83D\uDE42"));
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
