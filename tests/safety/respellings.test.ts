import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSafetyRespellings } from "../../src/safety/respellings.js";
import { PROJECT_ROOT } from "../../src/util/project-root.js";

function rootWith(edit: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), "safety-respellings-"));
  mkdirSync(join(root, "vocabulary"));
  writeFileSync(join(root, "vocabulary/safety-respellings.yaml"), edit(readFileSync(join(PROJECT_ROOT, "vocabulary/safety-respellings.yaml"), "utf8")));
  return root;
}

describe("the safety screen's respellings file (vocabulary/safety-respellings.yaml; what they read: normalise.test.ts)", () => {
  it("fails loud naming the file and field when a value is not lowercase words", () => {
    const root = rootWith((t) => t.replace("wanna: want to", "wanna: Want To"));
    expect(() => loadSafetyRespellings(root)).toThrow(/vocabulary\/safety-respellings\.yaml tokens\.wanna: must be lowercase words/);
  });

  it("fails loud naming the field when a phrase has an unknown key", () => {
    const root = rootWith((t) => t.replace("{ from: can not, to: cant }", "{ from: can not, into: cant }"));
    expect(() => loadSafetyRespellings(root)).toThrow(/vocabulary\/safety-respellings\.yaml phrases\.0/);
  });
});
