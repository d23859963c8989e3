import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fillClinic } from "../../src/pipeline/say.js";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";
import { chatCompletion, moderationResult, startFakeOpenAi, type FakeOpenAi } from "./fake-openai.js";
import { PERSONAL_MESSAGES, leaks } from "./fixtures.js";
import { ConsoleClient } from "../console/console-client.js";

/** Nonsense the offline matcher cannot place, so the router is asked. */
const UNSURE = "blorptastic thing wumbo whatchamacallit";
const STAFF_ENV = { STAFF_BOOTSTRAP_EMAIL: "ops@clinic.example", STAFF_BOOTSTRAP_PASSWORD: "a long enough password" };

/** The whole bot with the OpenAI layer pointed at a fake server: router, moderation, budgets, privacy. */
describe("the bot with the OpenAI layer on (real SDK, fake server)", () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    t = await startTestApp({ OPENAI_API_KEY: "sk-test-not-a-real-key", OPENAI_BASE_URL: fake.baseUrl, OPENAI_ROUTER_TIMEOUT_MS: "500", OPENAI_MODERATION: "true", ...STAFF_ENV });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "none" })) }));
    fake.onModeration(() => ({ json: moderationResult({}) }));
  });
  const chatsSince = (n: number) => fake.requestsTo("/v1/chat/completions").slice(n);
  const moderationsSince = (n: number) => fake.requestsTo("/v1/moderations").slice(n);

  it("precondition: the offline matcher is not confident about the test message", () => {
    expect(t.app.services.matcher.match(UNSURE)).toMatchObject({ verdict: "unsure", matches: [], suggestions: [] });
  });

  it("answers with the curated text of the entry the model chose", async () => {
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "side-effects" })) }));
    const replies = await say(t.url, randomUUID(), UNSURE);
    const answer = replies.find((r) => r.faq);
    const entry = t.app.services.kb.faq.get("side-effects")!;
    expect(answer).toMatchObject({ intent: "faq", faq: "side-effects", text: fillClinic(entry.answers.web, t.app.services.clinic) });
  });

  it("does not ask the model when the offline matcher is confident", async () => {
    const before = fake.requestsTo("/v1/chat/completions").length;
    const replies = await say(t.url, randomUUID(), "what are the side effects");
    expect(replies.some((r) => r.faq === "side-effects")).toBe(true);
    expect(chatsSince(before)).toHaveLength(0);
  });

  const bad: [string, () => unknown][] = [
    ["free text", () => chatCompletion("Ketamine will cure your depression for good. Take two doses a week.")],
    ["invalid JSON", () => chatCompletion('{"id": "side-eff')],
    ["an unknown id", () => chatCompletion(JSON.stringify({ id: "miracle-cure" }))],
  ];
  for (const [name, reply] of bad) {
    it(`falls back as before when the model gives ${name}; nothing it wrote reaches the person`, async () => {
      fake.onChat(() => ({ json: reply() }));
      const replies = await say(t.url, randomUUID(), UNSURE);
      expect(replies.some((r) => r.intent === "fallback")).toBe(true);
      expect(replies.some((r) => r.faq)).toBe(false);
      expect(JSON.stringify(replies)).not.toMatch(/cure|doses|miracle|side-eff/i);
    });
  }

  it("a hung model gives the offline answer within the routing budget", async () => {
    fake.onChat(() => ({ hang: true }));
    const replies = await say(t.url, randomUUID(), UNSURE);
    expect(replies.some((r) => r.intent === "fallback")).toBe(true);
  });

  it("a message the local screen passes but moderation flags for self-harm gets the crisis reply and an urgent handoff", async () => {
    fake.onModeration(() => ({ json: moderationResult({ "self-harm/intent": true }) }));
    const user = randomUUID();
    // Precondition: the local screen alone would not call this a crisis.
    expect(t.app.services.safety.screen("blorptastic zigzag wumbo").kind).toBe("ok");
    const replies = await say(t.url, user, "blorptastic zigzag wumbo");
    expect(replies.map((r) => r.intent)).toEqual(["crisis", "crisis-alert", "disclosure"]);
    await vi.waitFor(async () => {
      const state = await t.app.store.conversations.load(`web:${user}`);
      expect(state?.crisis).toBe(true);
    });
  });

  it("a local crisis is answered at once, without asking moderation, even when moderation hangs", async () => {
    fake.onModeration(() => ({ hang: true }));
    const before = fake.requestsTo("/v1/moderations").length;
    const replies = await say(t.url, randomUUID(), "i want to kill myself");
    expect(replies.map((r) => r.intent)).toEqual(["crisis", "crisis-alert", "disclosure"]);
    // The endpoint hangs and was never asked: the local crisis path does not wait for it.
    expect(moderationsSince(before)).toHaveLength(0);
  });

  it("a hung moderation endpoint leaves the local verdict within its 1 s budget", async () => {
    fake.onModeration(() => ({ hang: true }));
    const replies = await say(t.url, randomUUID(), "what are the side effects");
    expect(replies.some((r) => r.faq === "side-effects")).toBe(true);
  });

  it("removes personal data from every request body OpenAI would receive", async () => {
    const since = fake.requests.length;
    const user = randomUUID();
    for (const text of PERSONAL_MESSAGES) await say(t.url, user, text);
    const sent = fake.requests.slice(since);
    expect(sent.length).toBeGreaterThanOrEqual(PERSONAL_MESSAGES.length);
    for (const request of sent) expect(leaks(request.raw), `${request.path}: ${request.raw}`).toEqual([]);
  });

  it("counts tokens per conversation and shows totals, calls and breaker states to staff only (/staff/health.json, not /healthz)", async () => {
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "effects-duration" })) }));
    const user = randomUUID();
    await say(t.url, user, UNSURE);
    await vi.waitFor(async () => expect(await t.app.llm.meter.forConversation(`web:${user}`)).toBe(427));
    const open = (await (await fetch(`${t.url}/healthz`)).json()) as Record<string, unknown>;
    expect(Object.keys(open).sort()).toEqual(["status", "store"]);
    expect(JSON.stringify(open)).not.toMatch(/gpt|tokens|breaker|llm/);
    const stranger = await fetch(`${t.url}/staff/health.json`, { redirect: "manual" });
    expect(stranger.status).toBe(303);
    const staff = new ConsoleClient(t.url);
    expect((await staff.signIn(STAFF_ENV.STAFF_BOOTSTRAP_EMAIL, STAFF_ENV.STAFF_BOOTSTRAP_PASSWORD)).status).toBe(303);
    const health = JSON.parse((await staff.get("/staff/health.json")).body) as { llm: Record<string, any> };
    expect(health.llm).toMatchObject({
      enabled: true,
      model: "gpt-5.4-mini",
      reasoningEffort: "low",
      router: { enabled: true, budgetMs: 500, breaker: { state: expect.any(String) } },
      moderation: { enabled: true },
      summaries: { enabled: false },
      tokens: { sinceStart: { router: { total: expect.any(Number) } } },
    });
    expect(health.llm.router.asked).toBeGreaterThan(0);
    expect(health.llm.tokens.sinceStart.router.total).toBeGreaterThanOrEqual(427);
    expect(JSON.stringify(health)).not.toContain(user);
  });
});

describe("the bot without a key", () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    // A base URL alone turns nothing on.
    t = await startTestApp({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODERATION: "true", OPENAI_SUMMARIES: "true" });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it("works fully offline and never calls OpenAI", async () => {
    const user = randomUUID();
    expect((await say(t.url, user, "what are the side effects")).some((r) => r.faq === "side-effects")).toBe(true);
    expect((await say(t.url, user, UNSURE)).some((r) => r.intent === "fallback")).toBe(true);
    expect(fake.requests).toHaveLength(0);
    expect(t.app.llm.router.enabled).toBe(false);
    expect(t.app.llm.crisisSignal.enabled).toBe(false);
    expect(await t.app.llm.summaries.forConversation(`web:${user}`)).toBeNull();
    const health = (await (await fetch(`${t.url}/healthz`)).json()) as Record<string, unknown>;
    expect(health.llm).toBeUndefined();
  });
});
