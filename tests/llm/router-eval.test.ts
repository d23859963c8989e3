import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { loadDevSet, expectedIds } from "../../src/eval/dev-set.js";
import { loadKnowledgeBase, PROJECT_ROOT } from "../../src/knowledge/load.js";
import { loadOfflineMatcher } from "../../src/knowledge/understanding-model.js";
import { llmEvalRequested, runRouterEval } from "../../src/eval/router-eval.js";
import type { IntentRouter, RouteRequest } from "../../src/llm/router.js";
import { join } from "node:path";

const kb = loadKnowledgeBase(PROJECT_ROOT);
const content = { kb, matcher: loadOfflineMatcher(kb), clinic: loadClinicProfile(join(PROJECT_ROOT, "clinic/clinic.yaml")) };
const devItems = loadDevSet(join(PROJECT_ROOT, "eval/faq-dev.yaml"));
const expectedByText = new Map(devItems.map((i) => [i.text, expectedIds(i)[0] ?? "none"]));

describe("npm run eval -- --llm", () => {
  it("recognises --llm after -- and npm's own --llm (npm_config_llm)", () => {
    expect(llmEvalRequested(["node", "eval.ts", "--llm"], {})).toBe(true);
    expect(llmEvalRequested(["node", "eval.ts"], { npm_config_llm: "true" })).toBe(true);
    expect(llmEvalRequested(["node", "eval.ts"], {})).toBe(false);
  });

  it("is skipped without a key, and says why", async () => {
    const result = await runRouterEval({ config: parseConfig({ NODE_ENV: "test" }), content, root: PROJECT_ROOT });
    expect(result).toMatchObject({ kind: "skipped", reason: expect.stringMatching(/OPENAI_API_KEY/) });
  });

  it("asks the model only about messages the matcher is unsure of, and counts them", async () => {
    const asked: RouteRequest[] = [];
    const oracle: IntentRouter = {
      enabled: true,
      route: async (request) => {
        asked.push(request);
        const id = expectedByText.get(request.text) ?? "none";
        if (id === "none") return { kind: "none", reason: "model-said-none" };
        return { kind: "routed", match: { kind: kb.faq.has(id) ? "faq" : "intent", id, score: 0.55 } };
      },
    };
    const result = await runRouterEval({ config: parseConfig({ NODE_ENV: "test" }), content, root: PROJECT_ROOT, router: oracle });
    if (result.kind !== "ran") throw new Error("expected a run");
    const unsure = devItems.filter((i) => content.matcher.match(i.text, i.context ? { lastFaqId: i.context } : {}).matches.length === 0);
    expect(asked.map((r) => r.text).sort()).toEqual(unsure.map((i) => i.text).sort());
    expect(result.section.summary["needed the model"]).toMatch(new RegExp(`^${unsure.length} `));
    expect(result.section.rows).toHaveLength(asked.length);
    // A perfect router can only raise accuracy.
    const offline = parseFloat(String(result.section.summary["top-1 accuracy, offline only"]));
    const routed = parseFloat(String(result.section.summary["top-1 accuracy, with the router"]));
    expect(routed).toBeGreaterThanOrEqual(offline);
    expect(result.section.passed).toBe(true);
  });

  it("fails the section when the model makes right answers wrong", async () => {
    // Out-of-scope messages the matcher rightly leaves unanswered: a router that always picks an id gets them wrong.
    const outOfScope = devItems.filter(
      (i) => expectedIds(i)[0] === "none" && content.matcher.match(i.text, i.context ? { lastFaqId: i.context } : {}).matches.length === 0,
    );
    expect(outOfScope.length).toBeGreaterThan(0);
    const eager: IntentRouter = { enabled: true, route: async () => ({ kind: "routed", match: { kind: "intent", id: "goodbye", score: 0.55 } }) };
    const result = await runRouterEval({ config: parseConfig({ NODE_ENV: "test" }), content, root: PROJECT_ROOT, router: eager });
    if (result.kind !== "ran") throw new Error("expected a run");
    expect(Number(result.section.summary["made wrong by the model"])).toBeGreaterThanOrEqual(outOfScope.length);
    expect(result.section.passed).toBe(false);
  });
});
