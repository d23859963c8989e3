import { describe, expect, it } from "vitest";
import { takeover } from "../../src/pipeline/steps/takeover.js";
import type { TurnContext, TurnServices } from "../../src/pipeline/context.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { createStore } from "../../src/state/store.js";
import { newConversationState } from "../../src/state/conversation-state.js";
import type { Phrases } from "../../src/domain/phrases.js";
import { keys } from "../../src/state/keys.js";

const T0 = new Date("2026-11-21T10:00:00Z");
const staffTakeover = { web: "A member of the team has joined the conversation.", sms: "A member of the team has joined." };

async function setUp() {
  const store = createStore(new MemoryKv(), { retentionDays: 30 });
  const services = { store, wording: { en: { staffTakeover } as unknown as Phrases } } as unknown as TurnServices;
  const { handoff } = await store.handoffs.open({ conversationId: "web:t", channel: "web", reason: "asked-for-person", urgency: "normal", now: T0 });
  await store.handoffs.claim(handoff.id, "sam@clinic.example", T0);
  const ctx = (told: boolean): TurnContext => ({
    inbound: { id: "m", conversationId: "web:t", channel: "web", senderId: "v", text: "hello?", receivedAt: T0 },
    services,
    verdict: { kind: "ok" },
    state: { ...newConversationState("web:t", "web", T0), handoffId: handoff.id, takeover: { handoffId: handoff.id, staff: "sam@clinic.example", since: T0.toISOString(), told } },
    replies: [],
    personLine: {},
  });
  return { store, handoff, ctx };
}

describe("takeover step", () => {
  it("tells the person once that staff are answering, then stays silent", async () => {
    const { ctx } = await setUp();
    let passedOn = false;
    const first = ctx(false);
    await takeover(first, async () => void (passedOn = true));
    expect(first.replies).toEqual([{ kind: "staff", text: staffTakeover.web, smsText: staffTakeover.sms, intent: "takeover" }]);
    expect(first.state.takeover?.told).toBe(true);
    const later = ctx(true);
    await takeover(later, async () => void (passedOn = true));
    expect(later.replies).toEqual([]);
    expect(passedOn).toBe(false);
  });

  it("lets the bot answer again when the claimed handoff was resolved or has expired", async () => {
    const { store, handoff, ctx } = await setUp();
    await store.handoffs.resolve(handoff.id, "sam@clinic.example", "done", T0);
    const resolved = ctx(true);
    let passedOn = false;
    await takeover(resolved, async () => void (passedOn = true));
    expect(passedOn).toBe(true);
    expect(resolved.state.takeover).toBeUndefined();
    expect(resolved.state.handoffId).toBeUndefined();

    await store.kv.del(keys.handoff(handoff.id));
    const expired = ctx(false);
    passedOn = false;
    await takeover(expired, async () => void (passedOn = true));
    expect(passedOn).toBe(true);
    expect(expired.replies).toEqual([]);
  });
});
