import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { lastChoices, smsView, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";

describe("booking across the daylight-saving changes (US: 8 Mar and 1 Nov 2026)", () => {
  let h: BookingHarness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  it("spring forward: Friday 9 AM PST and Monday 9 AM PDT are both 9:00 AM PT, an hour apart in UTC", async () => {
    // Friday 6 Mar 2026, 7:00 AM in Los Angeles (PST, UTC-8).
    h = await startBookingApp("2026-03-06T15:00:00Z");
    const user = randomUUID();
    await h.web(user, "book a consult");
    const friday = lastChoices(await h.web(user, "I'm in Los Angeles"));
    expect(friday[0]).toEqual({ title: "Fri, Mar 6 at 9:00 AM PT", payload: "slot:2026-03-06T17:00:00.000Z" });
    const monday = await h.web(user, "monday at 9am");
    expect(webView(monday)).toMatch(/Mon, Mar 9 at 9:00 AM PT is yours/);
    await h.web(user, "Alex Rivera, 213-555-0134");
    expect(webView(await h.web(user, "yes"))).toMatch(/texted it a 6-digit code/);
    expect(webView(await h.code(user))).toMatch(/You're booked: Mon, Mar 9 at 9:00 AM PT/);
    expect(await h.t.app.scheduler.findByPhone("+12135550134")).toMatchObject({ bookings: [{ start: "2026-03-09T16:00:00.000Z" }] });
  });

  it("spring forward from New York: the clinic's 9:00 AM is 12:00 PM ET on both sides of the change", async () => {
    h = await startBookingApp("2026-03-06T15:00:00Z");
    await h.text("+12125550134", "book me");
    const offered = smsView(await h.text("+12125550134", "any slots monday?"));
    expect(offered).toMatch(/1: Mon, Mar 9 at 12:00 PM ET/);
  });

  it("fall back: Monday 2 Nov 9:00 AM PT is 17:00 UTC, and reminders follow the wall clock", async () => {
    // Friday 30 Oct 2026, 8:00 AM in Los Angeles (PDT, UTC-7).
    h = await startBookingApp("2026-10-30T15:00:00Z");
    const from = "+13105550199";
    await h.text(from, "book me");
    const offered = smsView(await h.text(from, "monday at 9am"));
    expect(offered).toMatch(/Mon, Nov 2 at 9:00 AM PT is held for 5 min/);
    await h.text(from, "Sam Lee");
    expect(smsView(await h.text(from, "yes"))).toMatch(/You're booked: Mon, Nov 2 at 9:00 AM PT/);
    expect(await h.t.app.scheduler.findByPhone(from)).toMatchObject({ bookings: [{ start: "2026-11-02T17:00:00.000Z" }] });
    // The reminder goes out at 8:00 AM PST, one real hour before the call.
    h.clock.set("2026-11-02T15:59:00Z");
    expect(await h.t.app.reminderWorker.tick()).toBe(0);
    h.clock.set("2026-11-02T16:00:00Z");
    expect(await h.t.app.reminderWorker.tick()).toBe(1);
    expect(h.sms.sent[0]).toMatchObject({ to: from, purpose: "reminder" });
    expect(h.sms.sent[0]!.body).toBe("Reminder: your free consultation call is Mon, Nov 2 at 9:00 AM PT. We'll call you at (310) 555-0199. To change it, text us here or call (555) 010-0199.");
  });

  it("fall back in Arizona (no DST): the same clinic hour moves from 9:00 to 10:00 AM Arizona time", async () => {
    h = await startBookingApp("2026-10-30T15:00:00Z");
    await h.text("+16025550100", "book me");
    const before = smsView(await h.text("+16025550100", "any slots friday morning"));
    expect(before).toMatch(/1: Fri, Oct 30 at 9:00 AM Arizona time/);
    const after = smsView(await h.text("+16025550100", "monday morning"));
    expect(after).toMatch(/1: Mon, Nov 2 at 10:00 AM Arizona time/);
  });
});
