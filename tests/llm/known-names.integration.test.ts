import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastChoices, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import type { RedisKv } from "../../src/state/redis/redis-kv.js";
import { chatCompletion, moderationResult, startFakeOpenAi, type FakeOpenAi } from "./fake-openai.js";

const available = await redisAvailable();
const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";
/** Nonsense the offline matcher cannot place, so the router is asked. */
const UNSURE = "blorptastic zigzag wumbo";

/**
 * Names a person gave in an earlier turn (an introduction, the booking name) are kept in the
 * conversation state on Redis and removed from every later request to OpenAI: moderation, the
 * router and the staff summary, even when the later message carries the name without its introduction.
 */
describe.skipIf(!available)("names known to the conversation never reach OpenAI (real Redis, fake OpenAI)", () => {
  let fake: FakeOpenAi;
  let h: BookingHarness;
  let kv: RedisKv;
  const prefix = testPrefix();
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ id: "none" })) }));
    fake.onModeration(() => ({ json: moderationResult({}) }));
    kv = await connectTestKv(prefix);
    h = await startBookingApp(
      MONDAY_9AM_ET,
      { OPENAI_API_KEY: "sk-test-not-a-real-key", OPENAI_BASE_URL: fake.baseUrl, OPENAI_ROUTER_TIMEOUT_MS: "2000", OPENAI_MODERATION: "true", OPENAI_SUMMARIES: "true" },
      { kv },
    );
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
    await kv?.close();
    await deletePrefix(prefix);
  });

  it("an introduction, a name-first message and a booking name are scrubbed from later moderation, routing and summaries", async () => {
    const user = randomUUID();
    const first = fake.requests.length;
    await h.web(user, "Sarah Jones here. I've been really depressed and want to know the cost");
    // The first message itself is scrubbed by the pattern ("X here").
    expect(fake.requests.slice(first).map((r) => r.raw).join("\n")).not.toMatch(/sarah|jones/i);

    await h.web(user, "hi im maria gonzalez");
    const stored = await h.t.app.store.conversations.load(`web:${user}`);
    expect(stored?.names).toEqual(expect.arrayContaining(["Sarah Jones", "maria gonzalez"]));

    // Booking: the name typed alone beside the phone number is the booking name.
    expect(webView(await h.web(user, "I'd like to book a consult"))).toMatch(/time zone/i);
    await h.web(user, "Eastern");
    await h.web(user, "2");
    const confirm = await h.web(user, "Mira Okonkwo, 212-555-0134");
    expect(lastChoices(confirm).map((c) => c.title)).toContain("Change something");
    expect((await h.t.app.store.conversations.load(`web:${user}`))?.names).toEqual(expect.arrayContaining(["Mira Okonkwo"]));
    await h.web(user, "Change something");
    await h.web(user, "never mind");

    // Later messages carry the names without any introduction: moderation and the router are both asked.
    const before = fake.requests.length;
    await h.web(user, `${UNSURE} sarah`);
    await h.web(user, `${UNSURE} JONES okonkwo`);
    await h.web(user, `mira said gonzalez ${UNSURE}`);
    const later = fake.requests.slice(before);
    expect(later.filter((r) => r.path === "/v1/moderations").length).toBeGreaterThanOrEqual(3);
    expect(later.filter((r) => r.path === "/v1/chat/completions").length).toBeGreaterThanOrEqual(1);
    for (const r of later) expect(r.raw).not.toMatch(/sarah|jones|mira|okonkwo|maria|gonzalez/i);
    expect(later.some((r) => r.raw.includes("[name]"))).toBe(true);

    // The staff summary sends the transcript: no name from any turn.
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ lines: ["Asked about cost.", "Started booking."] })) }));
    const beforeSummary = fake.requests.length;
    const summary = await h.t.app.llm.summaries.forConversation(`web:${user}`);
    expect(summary?.text).toMatch(/cost/);
    const sent = fake.requests.slice(beforeSummary).filter((r) => r.path === "/v1/chat/completions");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.raw).toMatch(/Transcript/);
    expect(sent[0]!.raw).not.toMatch(/sarah|jones|mira|okonkwo|maria|gonzalez/i);
  });
});
