import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withCrisisSignal } from "../../src/llm/crisis-check.js";
import type { CrisisSignal } from "../../src/llm/moderation.js";
import { createLogger } from "../../src/logging/logger.js";
import type { SafetyVerdict } from "../../src/safety/types.js";
import { apiError, moderationResult, startFakeOpenAi, type FakeOpenAi } from "./fake-openai.js";
import { PERSONAL_MESSAGES, layerFor, leaks } from "./fixtures.js";

const logger = createLogger("silent");
const ok: SafetyVerdict = { kind: "ok" };

describe("moderation as a second crisis signal (real SDK, fake server)", () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.onModeration(() => ({ json: moderationResult({}) }));
  });
  const moderations = () => fake.requestsTo("/v1/moderations");

  it("is off unless OPENAI_MODERATION=true", async () => {
    const { layer } = layerFor(fake.baseUrl);
    expect(layer.crisisSignal.enabled).toBe(false);
    expect(await withCrisisSignal(layer.crisisSignal, "i want to hurt myself", ok, { conversationId: "web:x", logger })).toEqual(ok);
    expect(fake.requests).toHaveLength(0);
  });

  for (const category of ["self-harm", "self-harm/intent", "self-harm/instructions"] as const) {
    it(`turns a ${category} flag into a crisis verdict`, async () => {
      const { layer } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
      fake.onModeration(() => ({ json: moderationResult({ [category]: true }) }));
      const verdict = await withCrisisSignal(layer.crisisSignal, "i dont see the point of anything anymore", ok, { conversationId: "web:x", logger });
      expect(verdict).toEqual({ kind: "crisis", language: "en", category: "self-harm", rule: `openai-moderation:${category}` });
      const body = moderations()[0]?.json as { model: string; input: string };
      expect(body).toEqual({ model: "omni-moderation-latest", input: "i dont see the point of anything anymore" });
    });
  }

  it("ignores other categories: violence or harassment are not this signal's job", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
    fake.onModeration(() => ({ json: moderationResult({ violence: true, harassment: true }) }));
    expect(await layer.crisisSignal.check("this clinic is killing me with these prices")).toEqual({ kind: "clear" });
  });

  it("never removes a verdict: a medical or manipulation verdict stays when moderation is clear", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
    const medical: SafetyVerdict = { kind: "medical", topic: "dose", rule: "r" };
    expect(await withCrisisSignal(layer.crisisSignal, "how much ketamine should i take", medical, { conversationId: "web:x", logger })).toEqual(medical);
  });

  it("is not asked when the local screen already says crisis", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
    const crisis: SafetyVerdict = { kind: "crisis", category: "suicide", rule: "local", language: "en" };
    expect(await withCrisisSignal(layer.crisisSignal, "i want to die", crisis, { conversationId: "web:x", logger })).toBe(crisis);
    expect(fake.requests).toHaveLength(0);
  });

  it("a hung moderation endpoint leaves the local verdict within the 1 s budget", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
    fake.onModeration(() => ({ hang: true }));
    expect(await withCrisisSignal(layer.crisisSignal, "what are the side effects", ok, { conversationId: "web:x", logger })).toEqual(ok);
  });

  it("an answer in the wrong shape leaves the local verdict", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
    fake.onModeration(() => ({ json: { results: "flagged" } }));
    expect(await layer.crisisSignal.check("hello")).toEqual({ kind: "unavailable", reason: "invalid-output" });
  });

  it("a signal that throws or never settles leaves the local verdict", async () => {
    const throwing: CrisisSignal = { enabled: true, check: async () => Promise.reject(new Error("bug")) };
    expect(await withCrisisSignal(throwing, "hello", ok, { conversationId: "web:x", logger })).toEqual(ok);
    const stuck: CrisisSignal = { enabled: true, check: () => new Promise(() => undefined) };
    expect(await withCrisisSignal(stuck, "hello", ok, { conversationId: "web:x", logger, budgetMs: 100 })).toEqual(ok);
  });

  it("500s and 429s open its breaker; then nothing is sent until the cool-down", async () => {
    const { layer, clock } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
    fake.onModeration(() => apiError(503, "overloaded"));
    for (let i = 0; i < 3; i++) expect(await layer.crisisSignal.check("hello")).toEqual({ kind: "unavailable", reason: "server-error" });
    const sent = moderations().length;
    expect(await layer.crisisSignal.check("hello")).toEqual({ kind: "unavailable", reason: "circuit-open" });
    expect(moderations()).toHaveLength(sent);
    clock.advance(1000);
    fake.onModeration(() => apiError(429, "slow down"));
    expect(await layer.crisisSignal.check("hello")).toEqual({ kind: "unavailable", reason: "rate-limited" });
    expect(moderations()).toHaveLength(sent + 1);
    expect(layer.health()).toMatchObject({ llm: { moderation: { enabled: true, breaker: { state: "open", opened: 2 } } } });
  });

  it("removes personal data from every moderation request", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODERATION: "true" });
    for (const text of PERSONAL_MESSAGES) await layer.crisisSignal.check(text);
    expect(moderations()).toHaveLength(PERSONAL_MESSAGES.length);
    for (const request of fake.requests) expect(leaks(request.raw), request.raw).toEqual([]);
  });
});
