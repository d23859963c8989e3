import { describe, expect, it } from "vitest";
import { describeTurn, isUnanswered, type TurnRecord } from "../../src/insights/turn-event.js";
import type { InboundMessage } from "../../src/domain/message.js";

const PHONE = "+15551234567";
const message = (text: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
  id: "SM123",
  conversationId: `sms:${PHONE}`,
  channel: "sms",
  senderId: PHONE,
  text,
  receivedAt: new Date("2026-11-30T18:30:00Z"),
  ...over,
});
const options = { salt: "test-salt", timeZone: "America/Los_Angeles" };
const none: TurnRecord["verdict"] = { kind: "ok" };

describe("a turn as an insights event", () => {
  it("keeps what happened, never the text, the number or the conversation id", () => {
    const text = `my number is ${PHONE}, how long do the effects last?`;
    const event = describeTurn({ message: message(text), verdict: none, turnNumber: 1, replies: [{ kind: "disclosure", text: "I am a bot" }, { kind: "answer", text: "A few days to weeks.", intent: "faq", faqId: "effects-duration" }] }, options);
    expect(event).toMatchObject({ channel: "sms", outcome: "answered", faqIds: ["effects-duration"], first: true, day: "2026-11-30", hour: 10 });
    const raw = JSON.stringify(event);
    for (const secret of [PHONE, "5551234567", "1234567", "effects last", "sms:+1"]) expect(raw).not.toContain(secret);
    expect(event.conv).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("names the outcome: crisis, check-in, fallback, suggestions, second miss, booking, opt-out", () => {
    const crisis = describeTurn({ message: message("x"), verdict: { kind: "crisis", category: "suicide", rule: "r", language: "en" } as TurnRecord["verdict"], replies: [{ kind: "crisis", text: "988" }] }, options);
    expect(crisis).toMatchObject({ outcome: "crisis", handoff: { reason: "crisis", urgency: "urgent" } });
    const checkIn = describeTurn({ message: message("x"), verdict: { kind: "risk" } as TurnRecord["verdict"], replies: [{ kind: "checkin", text: "are you safe?" }] }, options);
    expect(checkIn).toMatchObject({ outcome: "check-in", handoff: { reason: "possible-risk", urgency: "normal" } });
    const fallback = describeTurn({ message: message("x"), verdict: none, replies: [{ kind: "fallback", text: "?", intent: "fallback" }] }, options);
    expect(fallback.outcome).toBe("fallback");
    expect(isUnanswered(fallback)).toBe(true);
    const suggestions = describeTurn({ message: message("x"), verdict: none, replies: [{ kind: "fallback", text: "did you mean", intent: "suggestions" }] }, options);
    expect(suggestions.outcome).toBe("suggestions");
    const secondMiss = describeTurn({ message: message("x"), verdict: none, facts: { handoff: { reason: "not-understood", urgency: "normal" } }, replies: [{ kind: "handoff", text: "a person", intent: "handoff" }] }, options);
    expect(secondMiss).toMatchObject({ outcome: "second-miss", handoff: { reason: "not-understood" } });
    const booked = describeTurn({ message: message("2"), verdict: none, facts: { booking: "booked" }, replies: [{ kind: "dialog", text: "booked", intent: "booking" }] }, options);
    expect(booked).toMatchObject({ outcome: "booking", booking: "booked" });
    const optOut = describeTurn({ message: message("STOP"), verdict: none, ruleIntent: "opt-out", replies: [] }, options);
    expect(optOut).toMatchObject({ outcome: "opt-out", intent: "opt-out" });
    const picked = describeTurn({ message: message("faq:cost-and-insurance"), verdict: none, pickedSuggestion: true, replies: [{ kind: "answer", text: "cost", faqId: "cost-and-insurance" }] }, options);
    expect(picked).toMatchObject({ outcome: "answered", suggestionChosen: true });
  });

  it("hashes one conversation the same way every time, and two differently", () => {
    const a = describeTurn({ message: message("a"), verdict: none, replies: [] }, options);
    const b = describeTurn({ message: message("b", { id: "other" }), verdict: none, replies: [] }, options);
    const c = describeTurn({ message: message("c", { conversationId: "sms:+15550000000" }), verdict: none, replies: [] }, options);
    expect(a.conv).toBe(b.conv);
    expect(a.conv).not.toBe(c.conv);
    expect(describeTurn({ message: message("a"), verdict: none, replies: [] }, { ...options, salt: "other" }).conv).not.toBe(a.conv);
  });
});
