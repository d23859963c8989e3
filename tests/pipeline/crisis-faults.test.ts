import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Handoff } from "../../src/domain/handoff.js";
import type { HandoffNotifier } from "../../src/handoff/handoff-notifier.js";
import { postMessage, startTestApp, type TestApp } from "../helpers/test-app.js";
import { brokenKv } from "../helpers/broken-kv.js";

class RecordingNotifier implements HandoffNotifier {
  readonly channel = "recording";
  readonly sent: Handoff[] = [];
  async notify(handoff: Handoff): Promise<void> {
    this.sent.push(handoff);
  }
}

const CRISIS = "how fast does it work, i cant keep going like this";

describe("the crisis reply goes out whatever else is failing", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  for (const mode of ["down", "hang"] as const) {
    it(`answers with crisis resources and alerts staff when the store is ${mode}`, async () => {
      const notifier = new RecordingNotifier();
      t = await startTestApp({}, { kv: brokenKv(mode), notifier });
      const res = await postMessage(t.url, { type: "message", text: CRISIS, user: randomUUID() });
      expect(res.status).toBe(200);
      const replies = res.json as { text: string; kind: string }[];
      expect(replies[0]?.kind).toBe("crisis");
      expect(replies[0]?.text).toMatch(/911/);
      expect(replies[0]?.text).toMatch(/988/);
      expect(replies[0]?.text).not.toMatch(/book/i);
      // The reply came at all: with a hanging store, any wait on it would never end (the time is the bench's).
      await waitFor(() => notifier.sent.length > 0, mode === "hang" ? 12_000 : 2000);
      expect(notifier.sent[0]).toMatchObject({ reason: "crisis", urgency: "urgent" });
    }, 20_000);
  }

  it("answers an ordinary message with a clear try-again when the store is down", async () => {
    t = await startTestApp({}, { kv: brokenKv("down") });
    const res = await postMessage(t.url, { type: "message", text: "how long does it last", user: randomUUID() });
    expect(res.status).toBe(200);
    expect((res.json as { text: string }[])[0]?.text).toMatch(/try again/i);
  });

  it("does not wait for a hanging moderation call before a local crisis reply", async () => {
    t = await startTestApp();
    const hanging = { enabled: true, check: () => new Promise<never>(() => {}) };
    const services = { ...t.app.services, crisisSignal: hanging };
    const { createTurnHandler } = await import("../../src/pipeline/turn.js");
    const turn = createTurnHandler(services);
    const result = await turn({ id: "m1", conversationId: `web:${randomUUID()}`, channel: "web", senderId: "x", text: "i want to die", receivedAt: new Date() });
    expect(result.verdict.kind).toBe("crisis");
    expect(result.replies[0]?.kind).toBe("crisis");
    await result.background;
  });

  it("screens a pressed button by the words on it, and typed text as typed", async () => {
    t = await startTestApp();
    const { createTurnHandler } = await import("../../src/pipeline/turn.js");
    const { newConversationState } = await import("../../src/state/conversation-state.js");
    const screened: string[] = [];
    const real = t.app.services.safety;
    const turn = createTurnHandler({ ...t.app.services, safety: { ...real, screen: (text, ctx) => (screened.push(text), real.screen(text, ctx)) } });
    const conversationId = `web:${randomUUID()}`;
    const state = newConversationState(conversationId, "web", new Date());
    await t.app.services.store.conversations.save({ ...state, disclosed: true, lastChoices: [{ title: "Keep it", payload: "existing:keep" }, { title: "Move it", payload: "existing:move" }] });
    const pressed = await turn({ id: "m3", conversationId, channel: "web", senderId: "x", text: "existing:keep", receivedAt: new Date() });
    expect(screened).toEqual(["Keep it"]);
    expect(pressed.verdict.kind).toBe("ok");
    await pressed.background;
    const typed = await turn({ id: "m4", conversationId, channel: "web", senderId: "x", text: "keep it, i won't be alive for it anyway", receivedAt: new Date() });
    expect(screened[1]).toBe("keep it, i won't be alive for it anyway");
    expect(typed.verdict.kind).toBe("crisis");
    await typed.background;
  });

  it("fails closed: a safety screen that throws gives the crisis reply", async () => {
    t = await startTestApp();
    const { createTurnHandler } = await import("../../src/pipeline/turn.js");
    const turn = createTurnHandler({ ...t.app.services, safety: { screen: () => { throw new Error("bug"); }, checkInAnswer: () => "other" as const } });
    const result = await turn({ id: "m2", conversationId: `web:${randomUUID()}`, channel: "web", senderId: "x", text: "hello", receivedAt: new Date() });
    expect(result.replies[0]?.kind).toBe("crisis");
    await result.background;
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
