import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { createStore } from "../../src/state/store.js";
import { newConversationState } from "../../src/state/conversation-state.js";
import { HISTORY_LIMIT, loadWebHistory } from "../../src/channels/web/web-history.js";
import type { TranscriptEntry } from "../../src/domain/transcript.js";

const at = "2026-11-24T17:00:00.000Z";
const line = (from: TranscriptEntry["from"], text: string, extra: Partial<TranscriptEntry> = {}): TranscriptEntry => ({ at, from, channel: "web", text, ...extra });

describe("loadWebHistory", () => {
  it("returns the visitor's conversation: their lines, the bot's and what staff sent, but no staff notes", async () => {
    const store = createStore(new MemoryKv(), { retentionDays: 1 });
    const user = randomUUID();
    await store.transcripts.append(`web:${user}`, [
      line("person", "hi"),
      line("bot", "I'm an automated assistant.", { kind: "disclosure" }),
      line("staff", "internal: called twice, no answer", { staff: "ana@clinic.example" }),
      line("staff", "Hi, this is Ana from the clinic.", { kind: "staff", staff: "ana@clinic.example" }),
    ]);
    const history = await loadWebHistory(store, user);
    expect(history).toEqual({
      type: "history",
      total: 3,
      messages: [
        { from: "person", text: "hi", at },
        { from: "bot", text: "I'm an automated assistant.", at, kind: "disclosure" },
        { from: "staff", text: "Hi, this is Ana from the clinic.", at, kind: "staff" },
      ],
    });
    expect(JSON.stringify(history)).not.toContain("ana@clinic.example");
  });

  it("is empty for a visitor with no conversation, and never shows another visitor's", async () => {
    const store = createStore(new MemoryKv(), { retentionDays: 1 });
    await store.transcripts.append(`web:${randomUUID()}`, [line("person", "my secret question")]);
    expect(await loadWebHistory(store, randomUUID())).toEqual({ type: "history", total: 0, messages: [] });
  });

  it("puts the last offered buttons back on the last bot line", async () => {
    const store = createStore(new MemoryKv(), { retentionDays: 1 });
    const user = randomUUID();
    const choices = [
      { title: "Tue 10:00 AM", payload: "slot:1" },
      { title: "Tue 10:15 AM", payload: "slot:2" },
    ];
    await store.transcripts.append(`web:${user}`, [line("person", "book"), line("bot", "Which time suits you?", { kind: "dialog" })]);
    await store.conversations.save({ ...newConversationState(`web:${user}`, "web", new Date(at)), lastChoices: choices });
    const history = await loadWebHistory(store, user);
    expect(history.messages.at(-1)).toMatchObject({ from: "bot", quick_replies: choices });
    expect(history.messages[0]).not.toHaveProperty("quick_replies");
  });

  it("sends the newest lines of a long conversation with the full count", async () => {
    const store = createStore(new MemoryKv(), { retentionDays: 1 });
    const user = randomUUID();
    await store.transcripts.append(
      `web:${user}`,
      Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => line("person", `message ${i}`)),
    );
    const history = await loadWebHistory(store, user);
    expect(history.total).toBe(HISTORY_LIMIT + 5);
    expect(history.messages).toHaveLength(HISTORY_LIMIT);
    expect(history.messages[0]?.text).toBe("message 5");
  });
});
