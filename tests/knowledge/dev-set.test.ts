import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectedIds, loadDevSet } from "../../src/eval/dev-set.js";
import { findCopies } from "../../src/eval/faq-eval.js";
import { PROJECT_ROOT, loadKnowledgeBase } from "../../src/knowledge/load.js";

const kb = loadKnowledgeBase();
const dev = loadDevSet(join(PROJECT_ROOT, "eval/faq-dev.yaml"));
const holdout = loadDevSet(join(PROJECT_ROOT, "eval/faq-holdout.yaml"));
const known = new Set(["none", ...kb.faq.keys(), ...kb.intents.keys()]);

describe("eval sets", () => {
  it("are held out: no message equals a phrasing in faq/ or intents/", () => {
    expect(findCopies(kb, { "eval/faq-dev.yaml": dev, "eval/faq-holdout.yaml": holdout })).toEqual([]);
  });

  it("expect only ids that exist", () => {
    for (const item of [...dev, ...holdout]) {
      for (const id of expectedIds(item)) expect(known.has(id), `${item.text} -> ${id}`).toBe(true);
      if (item.context) expect(kb.faq.has(item.context), item.context).toBe(true);
    }
  });

  it("has at least 200 in-scope and 60 out-of-scope dev messages, spread over every entry and intent", () => {
    const inScope = dev.filter((i) => expectedIds(i)[0] !== "none");
    expect(inScope.length).toBeGreaterThanOrEqual(200);
    expect(dev.length - inScope.length).toBeGreaterThanOrEqual(60);
    const covered = new Set(dev.flatMap(expectedIds));
    for (const id of [...kb.faq.keys(), ...kb.intents.keys()]) expect(covered.has(id), id).toBe(true);
  });

  it("has no duplicate messages across the two sets", () => {
    const texts = [...dev, ...holdout].map((i) => i.text.toLowerCase().trim());
    expect(new Set(texts).size).toBe(texts.length);
  });
});
