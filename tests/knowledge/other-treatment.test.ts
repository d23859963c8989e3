import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { OtherTreatments } from "../../src/knowledge/other-treatment.js";
import { loadOfflineMatcher, loadOtherTreatments } from "../../src/knowledge/understanding-model.js";
import type { Matcher } from "../../src/knowledge/types.js";
import { PROJECT_ROOT } from "../../src/util/project-root.js";

describe("questions about another medicine or treatment (vocabulary/other-treatments.yaml)", () => {
  const others = new OtherTreatments();

  it.each([
    ["what are the side effects of lithium", "lithium"],
    ["How long does Zoloft take to work?", "zoloft"],
    ["que efectos secundarios tiene el litio", "litio"],
    ["is xanax a schedule iv drug", "xanax"],
    ["how much does ECT cost with insurance", "ect"],
  ])("%s is about %s", (text, name) => {
    expect(others.subjectOf(text)).toBe(name);
  });

  it.each([
    "can I do ketamine if I take lithium",
    "is it faster than zoloft",
    "how is it different from lexapro",
    "es mejor que el prozac?",
    "ketamina o sertralina, cual es mas rapida",
    "what are the side effects",
  ])("%s is not", (text) => {
    expect(others.subjectOf(text)).toBeNull();
  });

  describe("in the matcher", () => {
    let matcher: Matcher;
    beforeAll(() => {
      matcher = loadOfflineMatcher(loadKnowledgeBase());
    });

    it("a question about another medicine is out of scope, naming it", () => {
      for (const [text, name] of [
        ["what are the side effects of lithium", "lithium"],
        ["how does lithium work in the brain", "lithium"],
        ["is trazodone safe to take every night long term?", "trazodone"],
      ] as const) {
        const result = matcher.match(text);
        expect(result.verdict, text).toBe("out-of-scope");
        expect(result.otherTreatment, text).toBe(name);
      }
    });

    it("leaves entries that compare or take other medicines into account alone", () => {
      expect(matcher.match("whats the difference between ketamine and zoloft").matches[0]?.id).toBe("ketamine-vs-antidepressants");
      expect(matcher.match("what side effects can ketamine cause").matches[0]?.id).toBe("side-effects");
    });
  });

  it("fails loud at start-up naming the file and field when a topic is not an entry", () => {
    const root = mkdtempSync(join(tmpdir(), "other-treatments-"));
    mkdirSync(join(root, "vocabulary"));
    const text = readFileSync(join(PROJECT_ROOT, "vocabulary/other-treatments.yaml"), "utf8").replace("  - side-effects\n", "  - side-effect-typo\n");
    writeFileSync(join(root, "vocabulary/other-treatments.yaml"), text);
    expect(() => loadOtherTreatments(loadKnowledgeBase(), root)).toThrow(/vocabulary\/other-treatments\.yaml topics: no faq\/ entry with id side-effect-typo/);
  });

  it("rejects a name with capitals or accents, naming the field", () => {
    const root = mkdtempSync(join(tmpdir(), "other-treatments-"));
    mkdirSync(join(root, "vocabulary"));
    const text = readFileSync(join(PROJECT_ROOT, "vocabulary/other-treatments.yaml"), "utf8").replace("[lithium, litio, lithobid]", "[Lithium, litio]");
    writeFileSync(join(root, "vocabulary/other-treatments.yaml"), text);
    expect(() => new OtherTreatments(root)).toThrow(/vocabulary\/other-treatments\.yaml names\.\d+\.0: must be one lowercase word/);
  });
});
