import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kv } from "../../src/state/kv.js";
import { createStore, type Store } from "../../src/state/store.js";
import { newConversationState } from "../../src/state/conversation-state.js";
import { keys } from "../../src/state/keys.js";
import { LockTimeoutError } from "../../src/state/locks.js";
import { sleep } from "./kv.contract.js";

/** The repositories over a {@link Kv}: the same behaviour on memory and on Redis. */
export function storeContract(name: string, make: () => Promise<Kv>, cleanup: (kv: Kv) => Promise<void> = async () => {}): void {
  describe(`Store contract: ${name}`, () => {
    let kv: Kv;
    let store: Store;
    beforeEach(async () => {
      kv = await make();
      store = createStore(kv, { retentionDays: 30 });
    });
    afterEach(async () => {
      await cleanup(kv);
      await kv.close();
    });

    it("saves and loads conversation state", async () => {
      const state = { ...newConversationState("web:c1", "web", new Date("2026-11-21T10:00:00Z")), turns: 3, lastFaqId: "side-effects" };
      await store.conversations.save(state);
      expect(await store.conversations.load("web:c1")).toEqual(state);
      expect(await store.conversations.load("web:none")).toBeNull();
      expect(await kv.pttl(keys.conversationState("web:c1"))).toBeGreaterThan(29 * 24 * 3600 * 1000);
    });

    it("drops state saved by another version instead of failing", async () => {
      await kv.set(keys.conversationState("web:old"), JSON.stringify({ v: 0, id: "web:old" }));
      await kv.set(keys.conversationState("web:garbage"), "{not json");
      expect(await store.conversations.load("web:old")).toBeNull();
      expect(await store.conversations.load("web:garbage")).toBeNull();
    });

    it("appends transcripts in order with retention, and keeps them on request", async () => {
      const at = "2026-11-21T10:00:00.000Z";
      await store.transcripts.append("sms:+15550001111", [{ at, from: "person", channel: "sms", text: "hi" }]);
      await store.transcripts.append("sms:+15550001111", [{ at, from: "bot", channel: "sms", text: "hello", intent: "greeting" }]);
      const lines = await store.transcripts.list("sms:+15550001111");
      expect(lines.map((l) => l.text)).toEqual(["hi", "hello"]);
      expect(lines[1]?.intent).toBe("greeting");
      expect(await kv.pttl(keys.transcript("sms:+15550001111"))).toBeGreaterThan(0);
      await store.transcripts.setKept("sms:+15550001111", true);
      await store.transcripts.append("sms:+15550001111", [{ at, from: "person", channel: "sms", text: "more" }]);
      expect(await kv.pttl(keys.transcript("sms:+15550001111"))).toBe(-1);
    });

    it("runs one turn at a time per conversation", async () => {
      let inside = 0;
      let maxInside = 0;
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.locks.withLock("web:lock", async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await sleep(5);
            order.push(i);
            inside--;
          }),
        ),
      );
      expect(maxInside).toBe(1);
      expect(order).toHaveLength(8);
    });

    it("reads under the lock: turns that waited each see what the turn before them saved", async () => {
      const id = "web:read-under-lock";
      const seen: number[] = [];
      // Eight turns at once, each reading the state with its lock request and saving turns + 1.
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.locks.withLockAndRead(
            id,
            () => store.conversations.load(id),
            async (loaded) => {
              const state = loaded ?? newConversationState(id, "web", new Date("2026-11-21T10:00:00Z"));
              seen.push(state.turns);
              await sleep(2);
              await store.conversations.save({ ...state, turns: state.turns + 1 });
            },
          ),
        ),
      );
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect((await store.conversations.load(id))?.turns).toBe(8);
    });

    it("does not block other conversations and releases the lock on error", async () => {
      await expect(store.locks.withLock("web:a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
      await expect(store.locks.withLock("web:a", async () => "again")).resolves.toBe("again");
      const slow = store.locks.withLock("web:b", () => sleep(200));
      await expect(store.locks.withLock("web:c", async () => "free")).resolves.toBe("free");
      await slow;
    });

    it("gives up waiting for a lock after waitMs", async () => {
      const held = store.locks.withLock("web:held", () => sleep(300));
      await sleep(20);
      await expect(store.locks.withLock("web:held", async () => "x", { waitMs: 50 })).rejects.toBeInstanceOf(LockTimeoutError);
      await held;
    });

    it("claims an idempotency key once, even when claims race", async () => {
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.idempotency.claim("sms", "SM1", 60_000)));
      expect(outcomes.filter((o) => o.kind === "claimed")).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === "inProgress")).toHaveLength(9);
      const waiting = store.idempotency.waitForResult<string[]>("sms", "SM1", 1000);
      await store.idempotency.complete("sms", "SM1", ["reply"], 60_000);
      expect(await waiting).toEqual({ kind: "done", result: ["reply"] });
      expect(await store.idempotency.claim("sms", "SM1", 60_000)).toEqual({ kind: "done", result: ["reply"] });
    });

    it("releases a claim so a redelivery can retry", async () => {
      expect((await store.idempotency.claim("sms", "SM2", 60_000)).kind).toBe("claimed");
      await store.idempotency.release("sms", "SM2");
      expect((await store.idempotency.claim("sms", "SM2", 60_000)).kind).toBe("claimed");
    });

    it("opens one handoff per conversation, even under concurrent retries", async () => {
      const now = new Date("2026-11-21T10:00:00Z");
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => store.handoffs.open({ conversationId: "web:h", channel: "web", reason: "asked-for-person", urgency: "normal", now })),
      );
      expect(outcomes.filter((o) => o.kind === "created")).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.handoff.id)).size).toBe(1);
      expect((await store.handoffs.list()).filter((h) => h.conversationId === "web:h")).toHaveLength(1);
      expect((await store.handoffs.openFor("web:h"))?.reason).toBe("asked-for-person");
    });

    it("lists the staff queue across many handoffs, urgent first, then newest", async () => {
      const base = Date.parse("2026-11-21T10:00:00Z");
      for (let i = 0; i < 30; i++) {
        await store.handoffs.open({ conversationId: `web:q${i}`, channel: "web", reason: i === 7 ? "crisis" : "asked-for-person", urgency: i === 7 ? "urgent" : "normal", now: new Date(base + i * 1000) });
      }
      const queue = await store.handoffs.queue();
      expect(queue).toHaveLength(30);
      expect(queue[0]?.conversationId).toBe("web:q7");
      expect(queue.slice(1, 4).map((h) => h.conversationId)).toEqual(["web:q29", "web:q28", "web:q27"]);
    });

    it("escalates an open handoff to urgent on a crisis", async () => {
      const now = new Date();
      await store.handoffs.open({ conversationId: "web:e", channel: "web", reason: "not-understood", urgency: "normal", now });
      const second = await store.handoffs.open({ conversationId: "web:e", channel: "web", reason: "crisis", urgency: "urgent", now });
      expect(second).toMatchObject({ kind: "existing", escalated: true, handoff: { urgency: "urgent", reason: "crisis" } });
      const third = await store.handoffs.open({ conversationId: "web:e", channel: "web", reason: "crisis", urgency: "urgent", now });
      expect(third).toMatchObject({ kind: "existing", escalated: false });
    });

    it("frees the conversation for a new handoff once resolved", async () => {
      const now = new Date();
      const first = await store.handoffs.open({ conversationId: "web:r", channel: "web", reason: "asked-for-person", urgency: "normal", now });
      await store.handoffs.save({ ...first.handoff, status: "resolved", resolvedBy: "staff@example.com", resolvedAt: now.toISOString() });
      expect(await store.handoffs.openFor("web:r")).toBeNull();
      const second = await store.handoffs.open({ conversationId: "web:r", channel: "web", reason: "asked-for-person", urgency: "normal", now });
      expect(second.kind).toBe("created");
      expect(second.handoff.id).not.toBe(first.handoff.id);
    });
  });
}
