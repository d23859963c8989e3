import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compilePatternFile, loadSafetyPatterns, PatternFileError } from "../../src/safety/load-patterns.js";

const patterns = loadSafetyPatterns();

describe("pattern files", () => {
  // Loading checks that every rule catches each of its examples and that no rule catches an
  // exclusion's examples (see checkExamples); these tests make sure that check is not vacuous.
  it("load, with every example where it belongs", () => {
    expect(() => loadSafetyPatterns()).not.toThrow();
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
