import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSafetyRespellings } from "../../src/safety/respellings.js";
import { normalise } from "../../src/safety/normalise.js";
import { PROJECT_ROOT } from "../../src/util/project-root.js";

function rootWith(edit: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), "safety-respellings-"));
  mkdirSync(join(root, "vocabulary"));
  writeFileSync(join(root, "vocabulary/safety-respellings.yaml"), edit(readFileSync(join(PROJECT_ROOT, "vocabulary/safety-respellings.yaml"), "utf8")));
  return root;
}

describe("the safety screen's respellings (vocabulary/safety-respellings.yaml)", () => {
  it("respells whole tokens, then phrases, into the form the patterns are written against", () => {
    expect(normalise("I wanna end it 2nite")).toBe("i want to end it tonight");
    expect(normalise("i am done with my self")).toBe("im done with myself");
    expect(normalise("breast feeding and ketamine?")).toBe("breastfeeding and ketamine");
    // a token inside a longer word is left alone
    expect(normalise("wannabe")).toBe("wannabe");
  });

  it("fails loud naming the file and field when a value is not lowercase words", () => {
    const root = rootWith((t) => t.replace("wanna: want to", "wanna: Want To"));
    expect(() => loadSafetyRespellings(root)).toThrow(/vocabulary\/safety-respellings\.yaml tokens\.wanna: must be lowercase words/);
  });

  it("fails loud naming the field when a phrase has an unknown key", () => {
    const root = rootWith((t) => t.replace("{ from: can not, to: cant }", "{ from: can not, into: cant }"));
    expect(() => loadSafetyRespellings(root)).toThrow(/vocabulary\/safety-respellings\.yaml phrases\.0/);
  });
});
