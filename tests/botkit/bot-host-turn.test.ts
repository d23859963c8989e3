import { describe, expect, it } from "vitest";
import { createBotHost } from "../../src/botkit/bot-host.js";
import type { InboundMessage } from "../../src/domain/message.js";
import type { TurnResult } from "../../src/pipeline/turn.js";

const inbound = (text: string, n = 1): InboundMessage =>
  ({ id: `m${n}`, channel: "web", conversationId: `web:c${n}`, senderId: "visitor", text, receivedAt: new Date("2026-12-01T10:00:00Z") }) as InboundMessage;

const answered = (text: string, background: Promise<void> = Promise.resolve()): TurnResult =>
  ({ replies: [{ kind: "faq", text }], verdict: { kind: "ok" }, outcome: { kind: "answered" }, background }) as unknown as TurnResult;

describe("the botkit host", () => {
  it("hands each message to the pipeline once, unchanged, and returns its result", async () => {
    const seen: InboundMessage[] = [];
    const host = createBotHost(async (message) => {
      seen.push(message);
      return answered(`you said ${message.text}`);
    });
    const first = await host.run(inbound("hello", 1));
    const second = await host.run(inbound("how much is it", 2));
    expect(first.replies.map((r) => r.text)).toEqual(["you said hello"]);
    expect(second.replies.map((r) => r.text)).toEqual(["you said how much is it"]);
    expect(seen).toEqual([inbound("hello", 1), inbound("how much is it", 2)]);
  });

  it("fails the turn when the pipeline fails, so the channel can answer with an error", async () => {
    const host = createBotHost(async () => {
      throw new Error("store down");
    });
    await expect(host.run(inbound("hello"))).rejects.toThrow("store down");
  });

  it("drains: waits for what a turn saves behind its reply", async () => {
    let saved = false;
    const host = createBotHost(async () => answered("ok", new Promise((r) => setTimeout(() => r((saved = true) && undefined), 20))));
    await host.run(inbound("hello"));
    expect(saved).toBe(false);
    await host.drain();
    expect(saved).toBe(true);
  });
});
