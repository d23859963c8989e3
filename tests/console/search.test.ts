import { describe, expect, it } from "vitest";
import { matchesPerson, phoneDigits } from "../../src/console/search.js";
import { contactIn } from "../../src/pipeline/steps/waiting-contact.js";
import { alertKindOf, bookingAlertText } from "../../src/scheduling/booking-alerts.js";
import { parseConfig } from "../../src/config.js";

const AT = new Date("2026-11-23T14:00:00Z");

describe("console search", () => {
  it("matches a number by its digits however it is written, and a name by its letters", () => {
    expect(phoneDigits("(212) 555-0134")).toBe("2125550134");
    expect(phoneDigits("Ana")).toBeNull();
    expect(phoneDigits("12")).toBeNull();
    expect(matchesPerson("555-0134", ["sms:+12125550134"])).toBe(true);
    expect(matchesPerson("555-0199", ["sms:+12125550134"])).toBe(false);
    expect(matchesPerson("jose", ["José Ruiz"])).toBe(true);
    expect(matchesPerson("ruiz", [undefined, null, "Ana Park"])).toBe(false);
  });
});

describe("contact left while waiting", () => {
  it("reads a valid US number or an email, and nothing else", () => {
    expect(contactIn("sure, 646-555-0199", AT)).toEqual({ kind: "phone", value: "+16465550199", at: AT.toISOString() });
    expect(contactIn("email me: Ana.Ruiz@Example.org please", AT)).toEqual({ kind: "email", value: "ana.ruiz@example.org", at: AT.toISOString() });
    expect(contactIn("my number is 555-12", AT)).toBeNull();
    expect(contactIn("how long will it take?", AT)).toBeNull();
    expect(contactIn("ana@localhost", AT)).toBeNull();
  });
});

describe("booking alerts", () => {
  const summary = { id: "b1", conversationId: "web:x", startsAt: "2026-11-23T18:00:00.000Z", channel: "web", name: "Alex Rivera", phone: "+12125550134" };
  it("alert on new, moved and cancelled calls only, and never carry the name or number", () => {
    expect(alertKindOf({ summary: { ...summary, status: "booked" }, previous: null })).toBe("new");
    expect(alertKindOf({ summary: { ...summary, status: "moved" }, previous: null })).toBe("moved");
    expect(alertKindOf({ summary: { ...summary, status: "cancelled" }, previous: { ...summary, status: "booked" } })).toBe("cancelled");
    expect(alertKindOf({ summary: { ...summary, status: "rescheduled" }, previous: { ...summary, status: "booked" } })).toBeNull();
    expect(alertKindOf({ summary: { ...summary, status: "done" }, previous: { ...summary, status: "booked" } })).toBeNull();
    const text = bookingAlertText("new", { summary: { ...summary, status: "booked" }, previous: null }, "America/Los_Angeles", "https://bot.example/staff/bookings");
    expect(text).toBe("New consult call booked on web chat: Mon 23 Nov, 10:00 AM PST. Call list: https://bot.example/staff/bookings");
    expect(text).not.toMatch(/Alex|555|ketamine/i);
  });

  it("are on by default, can be switched off, and refuse any other value naming the variable", () => {
    expect(parseConfig({ NODE_ENV: "test" }).BOOKING_ALERTS).toBe("on");
    expect(parseConfig({ NODE_ENV: "test", BOOKING_ALERTS: "off" }).BOOKING_ALERTS).toBe("off");
    expect(() => parseConfig({ NODE_ENV: "test", BOOKING_ALERTS: "maybe" })).toThrow(/BOOKING_ALERTS/);
  });
});
