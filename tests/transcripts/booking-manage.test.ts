import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lastChoices, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";

const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";

describe("cancel and reschedule on the web: found by phone and name, confirmed before acting", () => {
  let h: BookingHarness;
  let booker: string;
  beforeEach(async () => {
    h = await startBookingApp(MONDAY_9AM_ET);
    booker = randomUUID();
    await h.web(booker, "book a consult, ET");
    await h.web(booker, "1");
    await h.web(booker, "Alex Rivera, 212-555-0134");
    await h.web(booker, "Book it and text me");
  });
  afterEach(async () => {
    await h.close();
  });

  it("cancels from another browser when the phone number and the name match", async () => {
    const visitor = randomUUID();
    expect(webView(await h.web(visitor, "cancel my appointment"))).toMatch(/What phone number and name did you book with\?/);
    expect(webView(await h.web(visitor, "212-555-0134"))).toMatch(/I need both the phone number and the name/);
    expect(webView(await h.web(visitor, "Alex"))).toMatch(/Cancel your free phone consult on Mon, Nov 23 at 12:00 PM ET\?/);
    expect(webView(await h.web(visitor, "yes"))).toMatch(/Done: your call on Mon, Nov 23 at 12:00 PM ET is cancelled/);
    expect(await h.t.app.scheduler.findByPhone("+12125550134")).toEqual({ kind: "found", bookings: [] });
  });

  it("reveals nothing to someone with the number but the wrong name", async () => {
    const stranger = randomUUID();
    await h.web(stranger, "cancel my appointment");
    const out = webView(await h.web(stranger, "212-555-0134, Jordan Smith"));
    expect(out).toMatch(/couldn't find an upcoming consult call for that number and name/);
    expect(out).not.toMatch(/Nov 23/);
    expect((await h.t.app.scheduler.findByPhone("+12125550134")).kind).toBe("found");
  });

  it("moves the call, and texts the new time to a visitor who agreed to texts", async () => {
    const offered = await h.web(booker, "I need to reschedule");
    expect(webView(offered)).toMatch(/What phone number and name/);
    const times = await h.web(booker, "Alex Rivera 212 555 0134");
    expect(webView(times)).toMatch(/Your call is on Mon, Nov 23 at 12:00 PM ET\. Here are other times./);
    const check = await h.web(booker, lastChoices(times)[1]!.title);
    expect(webView(check)).toMatch(/Move your call from Mon, Nov 23 at 12:00 PM ET to Mon, Nov 23 at 1:15 PM ET\?/);
    expect(webView(await h.web(booker, "yes"))).toMatch(/Done: your free phone consult is now Mon, Nov 23 at 1:15 PM ET/);
    expect(h.sms.sent.at(-1)).toMatchObject({ to: "+12125550134", purpose: "confirmation" });
    expect(h.sms.sent.at(-1)!.body).toMatch(/^Your free consultation call has moved to Mon, Nov 23 at 1:15 PM ET\./);
  });
});
