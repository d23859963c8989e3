import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, chatCompletion, startFakeOpenAi, type FakeOpenAi } from "./fake-openai.js";
import { PERSONAL_MESSAGES, layerFor, leaks } from "./fixtures.js";

/** The real openai SDK against a fake OpenAI-compatible server on 127.0.0.1. */
describe("OpenAI router (real SDK, fake server)", () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "none" })) }));
  });

  const chats = () => fake.requestsTo("/v1/chat/completions");

  it("uses a valid structured answer: a known id becomes a match, and the request asks for Structured Outputs", async () => {
    const { layer, kv } = layerFor(fake.baseUrl);
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "side-effects" })) }));
    const outcome = await layer.router.route({ text: "will i feel wonky afterwards", conversationId: "web:abc", lastFaqId: "effects-duration" });
    expect(outcome).toEqual({ kind: "routed", match: { kind: "faq", id: "side-effects", score: expect.any(Number) } });

    const [request] = chats();
    const body = request?.json as Record<string, any>;
    expect(request?.headers.authorization).toBe("Bearer sk-test-not-a-real-key");
    expect(body.model).toBe("gpt-5.4-mini");
    expect(body.store).toBe(false);
    // A reasoning model: low effort and room to reason, never a temperature (reasoning models refuse one).
    expect(body.reasoning_effort).toBe("low");
    expect(body.max_completion_tokens).toBe(1000);
    expect(body).not.toHaveProperty("temperature");
    expect(body.response_format.type).toBe("json_schema");
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.properties.id.enum.sort()).toEqual(["book", "cost-and-insurance", "effects-duration", "human", "none", "side-effects"]);
    expect(body.messages.at(-1)).toEqual({ role: "user", content: "will i feel wonky afterwards" });
    expect(body.messages[0].content).toContain("How long the effects last");
    // The conversation id is for counting only; it is never sent.
    expect(request?.raw).not.toContain("web:abc");

    await vi.waitFor(async () => expect(await layer.meter.forConversation("web:abc")).toBe(427));
    expect(await kv.get("llm:tokens:total")).toBe("427");
    expect(layer.health()).toMatchObject({ llm: { enabled: true, router: { asked: 1, chose: 1, calls: { ok: 1 } }, tokens: { sinceStart: { router: { total: 427 } } } } });
  });

  it("sends a classic model temperature 0 and a short answer limit, and no reasoning effort", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODEL: "gpt-4.1-mini" });
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "side-effects" })) }));
    await layer.router.route({ text: "will i feel wonky afterwards" });
    const body = chats().at(-1)?.json as Record<string, unknown>;
    expect(body).toMatchObject({ model: "gpt-4.1-mini", temperature: 0, max_completion_tokens: 50 });
    expect(body).not.toHaveProperty("reasoning_effort");
  });

  it("passes OPENAI_REASONING_EFFORT on to a reasoning model", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_MODEL: "gpt-5.4-nano", OPENAI_REASONING_EFFORT: "minimal" });
    await layer.router.route({ text: "will i feel wonky afterwards" });
    expect(chats().at(-1)?.json).toMatchObject({ model: "gpt-5.4-nano", reasoning_effort: "minimal" });
    expect(layer.health()).toMatchObject({ llm: { model: "gpt-5.4-nano", reasoningEffort: "minimal" } });
  });

  it("routes to intents too", async () => {
    const { layer } = layerFor(fake.baseUrl);
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "book" })) }));
    expect(await layer.router.route({ text: "pencil me in for a chat with you folks" })).toEqual({ kind: "routed", match: { kind: "intent", id: "book", score: expect.any(Number) } });
  });

  const unusable: [string, () => unknown, string][] = [
    ["invalid JSON", () => chatCompletion('{"id": "side-eff'), "invalid-output"],
    ["free text instead of JSON", () => chatCompletion("Ketamine is FDA approved for depression and will cure you."), "invalid-output"],
    ["an unknown id", () => chatCompletion(JSON.stringify({ id: "guaranteed-cure" })), "unknown-id"],
    ["an id with extra free text", () => chatCompletion(JSON.stringify({ id: "side-effects", answer: "Take 50mg and you will be fine" })), "invalid-output"],
    ["the wrong shape", () => chatCompletion(JSON.stringify(["side-effects"])), "invalid-output"],
    ["a refusal", () => chatCompletion(null, { refusal: "I can't help with that." }), "refused"],
    ["a reply cut off by the token limit", () => chatCompletion('{"id": "side-effects"', { finishReason: "length" }), "invalid-output"],
    ["\"none\"", () => chatCompletion(JSON.stringify({ id: "none" })), "model-said-none"],
  ];
  for (const [name, reply, reason] of unusable) {
    it(`treats ${name} as no match, so nothing the model wrote can reach the person`, async () => {
      const { layer } = layerFor(fake.baseUrl);
      fake.onChat(() => ({ json: reply() }));
      const outcome = await layer.router.route({ text: "something odd about ketamine" });
      expect(outcome).toEqual({ kind: "none", reason });
      expect(JSON.stringify(outcome)).not.toMatch(/FDA|cure|50mg|can't help/);
    });
  }

  it("gives up on a slow server within the budget", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_ROUTER_TIMEOUT_MS: "300" });
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "side-effects" })), delayMs: 3000 }));
    const outcome = await layer.router.route({ text: "something odd about ketamine" });
    expect(outcome).toEqual({ kind: "unavailable", reason: "timeout" });
    // A timed-out call is not retried: the budget is spent.
    expect(chats()).toHaveLength(1);
  });

  it("gives up on a hung server (never answers) within the budget", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_ROUTER_TIMEOUT_MS: "300" });
    fake.onChat(() => ({ hang: true }));
    expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "timeout" });
  });

  it("retries a 500 once within the budget, and three failed calls open the breaker", async () => {
    const { layer, clock } = layerFor(fake.baseUrl);
    fake.onChat(() => apiError(500, "The server had an error while processing your request."));
    for (let i = 0; i < 3; i++) expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "server-error" });
    expect(chats()).toHaveLength(6);
    expect(layer.health()).toMatchObject({ llm: { router: { breaker: { state: "open", opened: 1 } } } });

    // Open: nothing is sent.
    expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "circuit-open" });
    expect(chats()).toHaveLength(6);

    // After the cool-down one trial call goes through; it succeeds and the breaker closes.
    clock.advance(1000);
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "effects-duration" })) }));
    expect(await layer.router.route({ text: "something odd about ketamine" })).toMatchObject({ kind: "routed", match: { id: "effects-duration" } });
    expect(chats()).toHaveLength(7);
    expect(layer.health()).toMatchObject({ llm: { router: { breaker: { state: "closed" } } } });
  });

  it("never retries past the budget: a slow 500 with too little time left is not retried", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_ROUTER_TIMEOUT_MS: "400" });
    fake.onChat(() => ({ ...apiError(502, "bad gateway"), delayMs: 250 }));
    expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "server-error" });
    // The call ends at 250 ms and no second attempt starts with 150 ms left.
    expect(chats()).toHaveLength(1);
  });

  it("does not retry a 429, and three of them open the breaker until the cool-down", async () => {
    const { layer, clock } = layerFor(fake.baseUrl);
    fake.onChat(() => apiError(429, "Rate limit reached for gpt-4o-mini"));
    for (let i = 0; i < 3; i++) expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "rate-limited" });
    expect(chats()).toHaveLength(3);
    expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "circuit-open" });
    expect(chats()).toHaveLength(3);

    // The half-open trial fails too: open again, for longer.
    clock.advance(1000);
    expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "rate-limited" });
    expect(chats()).toHaveLength(4);
    clock.advance(1000);
    expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "circuit-open" });
    expect(chats()).toHaveLength(4);
  });

  it("a refused request (400) does not open the breaker", async () => {
    const { layer } = layerFor(fake.baseUrl);
    fake.onChat(() => apiError(400, "Invalid schema for response_format"));
    for (let i = 0; i < 4; i++) expect(await layer.router.route({ text: "something odd about ketamine" })).toEqual({ kind: "unavailable", reason: "bad-request" });
    expect(chats()).toHaveLength(4);
    expect(layer.health()).toMatchObject({ llm: { router: { breaker: { state: "closed" } } } });
  });

  it("removes names, phone numbers, emails and dates of birth from every request body", async () => {
    const { layer } = layerFor(fake.baseUrl);
    for (const text of PERSONAL_MESSAGES) await layer.router.route({ text });
    expect(chats()).toHaveLength(PERSONAL_MESSAGES.length);
    for (const request of fake.requests) expect(leaks(request.raw), request.raw).toEqual([]);
    // The person's question itself still goes through.
    expect(chats()[0]?.raw).toContain("how long does it last?");
  });
});
