import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { TranscriptEntry } from "../../src/domain/transcript.js";
import { TranscriptRepo } from "../../src/state/transcripts.js";
import { chatCompletion, startFakeOpenAi, type FakeOpenAi } from "./fake-openai.js";
import { layerFor, leaks } from "./fixtures.js";

const at = "2026-03-02T17:00:00.000Z";
const transcript: TranscriptEntry[] = [
  { at, from: "person", channel: "web", text: "Hi I'm Sarah Jones, born 3/4/1985. what are the side effects?" },
  { at, from: "bot", channel: "web", text: "This is an automated assistant...", kind: "disclosure" },
  { at, from: "bot", channel: "web", text: "The most common side effects are nausea...", kind: "answer", faqId: "side-effects", intent: "faq" },
  { at, from: "person", channel: "web", text: "can someone call me at 555-201-3344 or email sarah.jones@gmail.com" },
  { at, from: "bot", channel: "web", text: "I've asked the team to get back to you.", kind: "handoff" },
  { at, from: "staff", channel: "web", text: "Hi, this is Jane from the clinic, I'll call you shortly", staff: "jane.doe@harbor.example" },
];

describe("staff summaries (real SDK, fake server)", () => {
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.onChat(() => ({
      json: chatCompletion(JSON.stringify({ lines: ["Asked about side effects and wants a call back.", "Staff replied; no call made yet.", "Call [name] back today."] })),
    }));
  });

  it("is off unless OPENAI_SUMMARIES=true: nothing is sent", async () => {
    const { layer } = layerFor(fake.baseUrl);
    expect(layer.summarizer.enabled).toBe(false);
    expect(await layer.summarizer.summarize(transcript)).toBeNull();
    expect(fake.requests).toHaveLength(0);
  });

  it("summarises in at most three lines, marked as machine-written", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_SUMMARIES: "true" });
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ lines: ["One.", "  Two  ", "", "Three.", "Four."] })) }));
    expect(await layer.summarizer.summarize(transcript, { conversationId: "web:s1" })).toEqual({ text: "One.\nTwo\nThree.", machineWritten: true });
  });

  it("sends the transcript without names, numbers, emails, dates of birth, staff identities or curated answer text", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_SUMMARIES: "true" });
    await layer.summarizer.summarize(transcript, { conversationId: "web:s1" });
    const [request] = fake.requests;
    expect(request).toBeDefined();
    expect(leaks(request!.raw)).toEqual([]);
    expect(request!.raw).not.toContain("jane.doe");
    expect(request!.raw).not.toContain("nausea");
    expect(request!.raw).toContain('(answered the FAQ \\"Side effects\\")');
    expect(request!.raw).toContain("what are the side effects?");
    expect((request!.json as { store: boolean }).store).toBe(false);
  });

  it("scrubs what comes back too, and returns null for output that is not the schema", async () => {
    const { layer } = layerFor(fake.baseUrl, { OPENAI_SUMMARIES: "true" });
    fake.onChat(() => ({ json: chatCompletion(JSON.stringify({ lines: ["Call back at 555-201-3344 or write to sarah.jones@gmail.com."] })) }));
    expect((await layer.summarizer.summarize(transcript))?.text).toBe("Call back at [phone] or write to [email].");
    fake.onChat(() => ({ json: chatCompletion("Sarah wants a call back.") }));
    expect(await layer.summarizer.summarize(transcript)).toBeNull();
  });

  it("keeps a summary beside the conversation so opening the page again sends nothing", async () => {
    const { layer, kv } = layerFor(fake.baseUrl, { OPENAI_SUMMARIES: "true" });
    const repo = new TranscriptRepo(kv, 60_000);
    await repo.append("web:s2", transcript);
    const first = await layer.summaries.forConversation("web:s2");
    expect(first).toMatchObject({ machineWritten: true, coversLines: transcript.length, text: expect.stringContaining("side effects") });
    const second = await layer.summaries.forConversation("web:s2");
    expect(second).toEqual(first);
    expect(fake.requests).toHaveLength(1);
    await vi.waitFor(async () => expect(await layer.meter.forConversation("web:s2")).toBe(427));
    expect(await layer.summaries.forConversation("web:empty")).toBeNull();
  });
});
