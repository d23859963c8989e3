import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lastChoices, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";

const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";

describe("cancel and reschedule on the web: found by phone and name, the number confirmed by a texted code, confirmed before acting", () => {
  let h: BookingHarness;
  let booker: string;
  beforeEach(async () => {
    h = await startBookingApp(MONDAY_9AM_ET);
    booker = randomUUID();
    await h.web(booker, "book a consult, ET");
    await h.web(booker, "1");
    await h.web(booker, "Alex Rivera, 212-555-0134");
    await h.web(booker, "Book it and text me");
    await h.code(booker);
  });
  afterEach(async () => {
    await h.close();
  });

  it("cancels from another browser once the number's owner types the texted code; the owner is told by SMS", async () => {
    const visitor = randomUUID();
    expect(webView(await h.web(visitor, "cancel my appointment"))).toMatch(/What phone number and name did you book with\?/);
    expect(webView(await h.web(visitor, "212-555-0134"))).toMatch(/I need both the phone number and the name/);
    const asked = webView(await h.web(visitor, "Alex"));
    expect(asked).toMatch(/I just texted it a 6-digit code/);
    expect(asked).not.toMatch(/Nov 23/);
    expect(h.sms.sent.at(-1)).toMatchObject({ to: "+12125550134", purpose: "verification" });
    expect(webView(await h.code(visitor))).toMatch(/Cancel your free phone consult on Mon, Nov 23 at 12:00 PM ET\?/);
    expect(webView(await h.web(visitor, "yes"))).toMatch(/Done: your call on Mon, Nov 23 at 12:00 PM ET is cancelled/);
    expect(await h.t.app.scheduler.findByPhone("+12125550134")).toEqual({ kind: "found", bookings: [] });
    expect(h.sms.sent.at(-1)).toMatchObject({ to: "+12125550134", purpose: "change-notice" });
    expect(h.sms.sent.at(-1)!.body).toMatch(/^Your free consultation call on Mon, Nov 23 at 12:00 PM ET has been cancelled\. If you did not ask for this, call/);
  });

  it("someone with the number and the right first name but not the phone learns nothing and changes nothing", async () => {
    const stranger = randomUUID();
    await h.web(stranger, "cancel my appointment");
    const out = webView(await h.web(stranger, "212-555-0134, Alex Rivera"));
    expect(out).not.toMatch(/Nov 23|12:00/);
    for (const guess of ["000000", "123456", "999999", "111111"]) expect(webView(await h.web(stranger, guess))).toMatch(/That code isn't right/);
    const last = webView(await h.web(stranger, "222222"));
    expect(last).toMatch(/can't confirm that number in this chat/);
    expect(last).not.toMatch(/Nov 23/);
    // The dialog is over: even the right code now does nothing.
    expect(webView(await h.code(stranger))).not.toMatch(/Cancel your free phone consult/);
    expect((await h.t.app.scheduler.findByPhone("+12125550134")).kind === "found" && (await h.t.app.scheduler.findByPhone("+12125550134"))).toMatchObject({ bookings: [{ name: "Alex Rivera" }] });
  });

  it("moves the call, and texts the new time to a visitor who agreed to texts", async () => {
    const offered = await h.web(booker, "I need to reschedule");
    expect(webView(offered)).toMatch(/What phone number and name/);
    await h.web(booker, "Alex Rivera 212 555 0134");
    const times = await h.code(booker);
    expect(webView(times)).toMatch(/Your call is on Mon, Nov 23 at 12:00 PM ET\. Here are other times./);
    const check = await h.web(booker, lastChoices(times)[1]!.title);
    expect(webView(check)).toMatch(/Move your call from Mon, Nov 23 at 12:00 PM ET to Mon, Nov 23 at 1:15 PM ET\?/);
    expect(webView(await h.web(booker, "yes"))).toMatch(/Done: your free phone consult is now Mon, Nov 23 at 1:15 PM ET/);
    expect(h.sms.sent.at(-1)).toMatchObject({ to: "+12125550134", purpose: "change-notice" });
    expect(h.sms.sent.at(-1)!.body).toMatch(/^Your free consultation call has moved to Mon, Nov 23 at 1:15 PM ET\./);
  });
});
