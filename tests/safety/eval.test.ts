import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runSafetyEval } from "../../src/eval/safety-eval.js";
import { PROJECT_ROOT } from "../../src/knowledge/load.js";

describe("safety eval (the goals of issue 4)", () => {
  it("meets every goal on the eval sets", async () => {
    const sections = await runSafetyEval();
    const failed = sections.filter((s) => !s.passed).map((s) => `${s.title}: ${JSON.stringify(s.summary)}`);
    expect(failed).toEqual([]);
  });

  it("reports both the main and the held-out figures", async () => {
    const sections = await runSafetyEval();
    for (const title of ["crisis detection", "false alarms", "medical questions deferred", "manipulation attempts resisted"]) {
      const section = sections.find((s) => s.title.includes(title));
      expect(section?.summary, title).toHaveProperty("main");
      expect(section?.summary, title).toHaveProperty("held-out");
    }
  });
});

describe("safety eval sets", () => {
  const root = join(PROJECT_ROOT, "eval");
  const texts = (name: string): string[] => Object.values((parse(readFileSync(join(root, `${name}.yaml`), "utf8")) as { groups: Record<string, string[]> }).groups).flat();

  it("are as large as issue 4 asks, with a held-out file of about 25 per category", () => {
    expect(texts("crisis").length).toBeGreaterThanOrEqual(80);
    expect(texts("ordinary").length).toBeGreaterThanOrEqual(250);
    expect(texts("medical").length).toBeGreaterThanOrEqual(40);
    expect(texts("manipulation").length).toBeGreaterThanOrEqual(30);
    for (const name of ["crisis", "ordinary", "medical", "manipulation"]) expect(texts(`${name}-holdout`).length, name).toBeGreaterThanOrEqual(25);
  });

  it("never label the same message two ways, and never repeat one", () => {
    const seen = new Map<string, string>();
    for (const name of ["crisis", "ordinary", "medical", "manipulation"].flatMap((n) => [n, `${n}-holdout`])) {
      for (const text of texts(name)) {
        const key = text.trim().toLowerCase();
        expect(seen.get(key), `"${text}" is in ${seen.get(key)} and ${name}`).toBeUndefined();
        seen.set(key, name);
      }
    }
  });
});
