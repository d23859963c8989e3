import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { compilePatternFile, loadSafetyPatterns, PatternFileError, patternStampPath } from "../../src/safety/load-patterns.js";
import { PROJECT_ROOT } from "../../src/util/project-root.js";

const patterns = loadSafetyPatterns();

describe("pattern files", () => {
  // Loading checks that every rule catches each of its examples and that no rule catches an
  // exclusion's examples (see checkExamples); these tests make sure that check is not vacuous.
  it("load, with every example where it belongs", () => {
    // No stamp: the self-check itself runs here, whatever an earlier start left in dist/models.
    expect(() => loadSafetyPatterns(undefined, { stampDir: null })).not.toThrow();
  });

  it("give every rule at least one example, and every exclusion too", () => {
    for (const kind of ["crisis", "medical", "manipulation"] as const) {
      for (const { rule, examples } of patterns[kind].ruleExamples) expect(examples.length, `${kind} ${rule}`).toBeGreaterThan(0);
      for (const { rule, examples } of patterns[kind].exclusionExamples) expect(examples.length, `${kind} ${rule}`).toBeGreaterThan(0);
    }
  });
});

describe("pattern file validation fails loud, naming the file and the field", () => {
  const schema = z.strictObject({
    version: z.literal(1),
    macros: z.record(z.string(), z.string()).default({}),
    exclusions: z.array(z.strictObject({ name: z.string(), patterns: z.array(z.string()), examples: z.array(z.string()).default([]) })).default([]),
    rules: z.array(z.strictObject({ name: z.string(), patterns: z.array(z.string()).min(1), examples: z.array(z.string()).default([]) })).min(1),
  });
  const compile = (raw: unknown) => () => compilePatternFile("x-patterns.yaml", raw, schema, () => ({}));
  const rule = (over: Record<string, unknown> = {}) => ({ name: "r", patterns: ["\\bhello\\b"], examples: ["hello"], ...over });

  it("accepts a valid file", () => {
    expect(compile({ version: 1, rules: [rule()] })).not.toThrow();
  });

  it.each([
    ["a missing field", { version: 1 }, /x-patterns\.yaml: rules: /],
    ["an unknown field", { version: 1, rules: [rule({ categroy: "suicide" })] }, /x-patterns\.yaml: rules\[0\]: /],
    ["an unknown macro", { version: 1, rules: [rule({ patterns: ["{NOPE}"] })] }, /rules\[0\] \(r\)\.patterns\[0\]: unknown macro \{NOPE\}/],
    ["an invalid regex", { version: 1, rules: [rule({ patterns: ["(?:oops"] })] }, /rules\[0\] \(r\)\.patterns\[0\]: invalid regex/],
    ["a capturing group", { version: 1, rules: [rule({ patterns: ["(hello)"] })] }, /rules\[0\] \(r\)\.patterns\[0\]: capturing group/],
    ["a duplicate rule name", { version: 1, rules: [rule(), rule()] }, /rules\[1\]\.name: duplicate name "r"/],
    ["an example its rule misses", { version: 1, rules: [rule({ examples: ["goodbye"] })] }, /rules\[0\] \(r\)\.examples\[0\]: "goodbye" is not matched/],
    [
      "an exclusion example a rule still catches",
      { version: 1, exclusions: [{ name: "e", patterns: ["\\bxyz\\b"], examples: ["hello"] }], rules: [rule()] },
      /exclusions\[0\] \(e\)\.examples\[0\]: "hello" is still matched, by rule r/,
    ],
  ])("rejects %s", (_, raw, message) => {
    expect(compile(raw)).toThrow(PatternFileError);
    expect(compile(raw)).toThrow(message);
  });

  it("names the real files in their errors", () => {
    expect(() => loadSafetyPatterns("/nonexistent-dir")).toThrow(/crisis-patterns\.yaml: \(file\)/);
  });
});

describe("the self-check's stamp", () => {
  const work = mkdtempSync(join(tmpdir(), "kcb-pattern-stamp-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const stamps = join(work, "stamps");
  /** A copy of the real pattern files, with `edit` applied to the crisis file. */
  const copy = (name: string, edit: (crisis: string) => string = (c) => c): string => {
    const dir = join(work, name);
    for (const file of ["crisis-patterns.yaml", "medical-patterns.yaml", "manipulation-patterns.yaml"]) cpSync(join(PROJECT_ROOT, "src/safety", file), join(dir, file));
    writeFileSync(join(dir, "crisis-patterns.yaml"), edit(readFileSync(join(dir, "crisis-patterns.yaml"), "utf8")));
    return dir;
  };
  // A rule example no rule catches: the self-check must fail on it.
  const broken = (crisis: string) => crisis.replace("examples: [killing time before work,", "examples: [killing time before work, i want to die tonight,");

  it("is left by a passing check, named by the files' contents", () => {
    const dir = copy("good");
    loadSafetyPatterns(dir, { stampDir: stamps });
    expect(existsSync(patternStampPath(dir, stamps))).toBe(true);
    expect(readdirSync(stamps)).toEqual([expect.stringMatching(/^patterns-[0-9a-f]{16}\.ok$/)]);
    expect(patternStampPath(copy("same"), stamps)).toBe(patternStampPath(dir, stamps));
  });

  it("does not cover changed files: the check runs and fails loud", () => {
    const dir = copy("broken", broken);
    expect(patternStampPath(dir, stamps)).not.toBe(patternStampPath(copy("good-again"), stamps));
    expect(() => loadSafetyPatterns(dir, { stampDir: stamps })).toThrow(/exclusions\[0\] \(killing-time\)\.examples\[1\]: "i want to die tonight" is still matched/);
    expect(existsSync(patternStampPath(dir, stamps))).toBe(false);
  });

  it("is what skips the check: with a stamp for these exact bytes the files load unchecked", () => {
    // Only a passing check writes a stamp; one written by hand shows the check is skipped.
    const dir = copy("stamped-by-hand", broken);
    writeFileSync(patternStampPath(dir, stamps), readFileSync(patternStampPath(copy("good-for-its-stamp"), stamps)));
    expect(() => loadSafetyPatterns(dir, { stampDir: stamps })).not.toThrow();
    const edited = copy("edited-after-stamp", (c) => `${broken(c)}\n# one more byte\n`);
    expect(() => loadSafetyPatterns(edited, { stampDir: stamps })).toThrow(PatternFileError);
  });

  it("keeps the strings each rule needs, and a set loaded from it screens as one worked out afresh", () => {
    const dir = copy("needs-kept");
    const fresh = loadSafetyPatterns(dir, { stampDir: stamps });
    const stamp = JSON.parse(readFileSync(patternStampPath(dir, stamps), "utf8"));
    expect(stamp.needs.crisis.rules).toEqual(fresh.crisis.set.needs.rules);
    const again = loadSafetyPatterns(copy("needs-kept-again"), { stampDir: stamps });
    expect(again.crisis.set.needs).toEqual(fresh.crisis.set.needs);
    expect(again.crisis.set.match(["i want to die tonight"])?.name).toBe(fresh.crisis.set.match(["i want to die tonight"])?.name);
  });

  it("is no shortcut when it cannot be read: the check runs", () => {
    const dir = copy("unreadable-stamp", broken);
    writeFileSync(patternStampPath(dir, stamps), "the check passed");
    expect(() => loadSafetyPatterns(dir, { stampDir: stamps })).toThrow(PatternFileError);
  });
});
