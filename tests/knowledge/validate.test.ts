import { describe, expect, it } from "vitest";
import { claimsKetamineApprovedForDepression, findForbiddenClaims } from "../../src/knowledge/forbidden-claims.js";
import { fillPlaceholders, placeholdersIn, WORST_CASE_VALUES } from "../../src/knowledge/placeholders.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";

describe("placeholders", () => {
  it("lists and fills them", () => {
    expect(placeholdersIn("Call {clinicName} at {clinicPhone} or {other}")).toEqual(["clinicName", "clinicPhone", "other"]);
    expect(fillPlaceholders("{clinicName} {clinicPhone} {other}", WORST_CASE_VALUES)).toBe(`${"N".repeat(60)} +1 (555) 555-5555 x1 {other}`);
  });
});

describe("forbidden claims from the curation standard", () => {
  it.each([
    ["Ketamine is FDA-approved for depression.", true],
    ["Ketamine is FDA-approved as an anesthetic; its use for depression is off-label.", false],
    ["Esketamine (Spravato) is FDA-approved for treatment-resistant depression.", false],
  ])("%s -> %s", (text, flagged) => {
    expect(claimsKetamineApprovedForDepression(text)).toBe(flagged);
  });

  it("flags success rates, the two-part molecule and cures", () => {
    expect(findForbiddenClaims("An 84% success rate.")).not.toEqual([]);
    expect(findForbiddenClaims("It works as a two-part molecule of glutamic acid and phencyclidine.")).not.toEqual([]);
    expect(findForbiddenClaims("Ketamine will cure your depression.")).not.toEqual([]);
    expect(findForbiddenClaims("Results vary, and the clinician talks about realistic expectations.")).toEqual([]);
  });

  it("finds none in the knowledge base", () => {
    for (const entry of loadKnowledgeBase().faq.values()) {
      expect(findForbiddenClaims(`${entry.answers.sms} ${entry.answers.web}`), entry.id).toEqual([]);
    }
  });
});
