import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { llmEvalSections } from "../../src/eval/router-eval.js";
import { chatCompletion, startFakeOpenAi, type FakeOpenAi } from "./fake-openai.js";
import { leaks } from "./fixtures.js";

describe("npm run eval -- --llm with a key (real SDK, fake server)", () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("runs the dev set with the router, asking the model only about uncertain messages, and reports it", async () => {
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "none" }), { usage: { prompt_tokens: 500, completion_tokens: 5, total_tokens: 505 } }) }));
    const sections = await llmEvalSections(["node", "eval.ts", "--llm"], { NODE_ENV: "test", OPENAI_API_KEY: "sk-test-not-a-real-key", OPENAI_BASE_URL: fake.baseUrl });
    expect(sections).toHaveLength(1);
    const [section] = sections;
    const asked = fake.requestsTo("/v1/chat/completions").length;
    expect(asked).toBeGreaterThan(0);
    expect(section!.summary["needed the model"]).toMatch(new RegExp(`^${asked} \\(`));
    expect(section!.summary["tokens used"]).toBe(asked * 505);
    expect(section!.summary["model unavailable"]).toBe(0);
    // A router that always says "none" changes nothing: accuracy is the offline accuracy.
    expect(section!.summary["top-1 accuracy, with the router"]).toBe(section!.summary["top-1 accuracy, offline only"]);
    expect(section!.passed).toBe(true);
    for (const request of fake.requests) expect(leaks(request.raw)).toEqual([]);
  });

  it("adds nothing unless --llm was asked for", async () => {
    expect(await llmEvalSections(["node", "eval.ts"], { NODE_ENV: "test", OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseUrl })).toEqual([]);
  });
});
