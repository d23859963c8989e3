import { describe, expect, it } from "vitest";
import { describeTurn, isUnanswered, type TurnRecord, localDayAndHour, turnEventSchema } from "../../src/insights/turn-event.js";
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

  it("builds only events the schema the store reads them with accepts, leaving out names that are not ids", () => {
    const records: TurnRecord[] = [
      { message: message("x"), verdict: none, turnNumber: 1, replies: [{ kind: "answer", text: "a", intent: "faq", faqId: "effects-duration" }] },
      { message: message("x", { channel: "web" }), verdict: { kind: "crisis", category: "suicide", rule: "r", language: "en" } as TurnRecord["verdict"], replies: [{ kind: "crisis", text: "988" }] },
      { message: message("x"), verdict: { kind: "risk" } as TurnRecord["verdict"], replies: [{ kind: "checkin", text: "are you safe?" }] },
      { message: message("2"), verdict: none, facts: { booking: "moved" }, dialogStep: "pick-slot", replies: [{ kind: "dialog", text: "moved", intent: "booking" }] },
      { message: message("STOP"), verdict: none, ruleIntent: "opt-out", replies: [] },
      // Names that are not ids (free text reaching a field by mistake) are left out, never kept.
      { message: message("x"), verdict: none, dialogStep: "Step 2 of 3", replies: [{ kind: "answer", text: "a", faqId: "Call me at 555" }, { kind: "dialog", text: "b", intent: "Free text!" }] },
    ];
    for (const record of records) {
      const event = describeTurn(record, options);
      expect(turnEventSchema.safeParse(event).success, JSON.stringify(event)).toBe(true);
    }
    const odd = describeTurn(records.at(-1)!, options);
    expect(odd).toMatchObject({ faqIds: [] });
    expect(odd).not.toHaveProperty("bookingStep");
    expect(JSON.stringify(odd)).not.toMatch(/555|Free text|Step 2/);
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

describe("the clinic-local day and hour of a turn", () => {
  it("is the clinic's, across midnight and a change to summer time, and the same within a minute", () => {
    const zone = "America/Los_Angeles";
    // 07:59 UTC is 23:59 the day before in Los Angeles (PST, UTC-8); a minute later it is midnight.
    expect(localDayAndHour(new Date("2026-03-01T07:59:30Z"), zone)).toMatchObject({ day: "2026-02-28", hour: 23 });
    expect(localDayAndHour(new Date("2026-03-01T07:59:59Z"), zone)).toMatchObject({ day: "2026-02-28", hour: 23 });
    expect(localDayAndHour(new Date("2026-03-01T08:00:00Z"), zone)).toMatchObject({ day: "2026-03-01", hour: 0 });
    // Summer time begins on 2026-03-08 at 2 AM: 09:59 UTC is 01:59 PST, 10:00 UTC is 03:00 PDT.
    expect(localDayAndHour(new Date("2026-03-08T09:59:00Z"), zone)).toMatchObject({ hour: 1 });
    expect(localDayAndHour(new Date("2026-03-08T10:00:00Z"), zone)).toMatchObject({ hour: 3 });
    // Another zone does not get Los Angeles's answer for the same minute.
    expect(localDayAndHour(new Date("2026-03-08T10:00:00Z"), "Europe/Madrid")).toMatchObject({ day: "2026-03-08", hour: 11 });
  });
});
