import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keys } from "../../src/state/keys.js";
import { BookingLedger } from "../../src/scheduling/booking-ledger.js";
import { smsView, startBookingApp, type BookingHarness } from "../flows/booking-harness.js";

// Monday 23 Nov 2026, 9:00 AM in New York (6:00 AM at the Los Angeles clinic).
const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";
const NY_MOBILE = "+12125550134";

describe("booking over SMS", () => {
  let h: BookingHarness;
  beforeEach(async () => {
    h = await startBookingApp(MONDAY_9AM_ET);
  });
  afterEach(async () => {
    await h.close();
  });

  it("books in 4 texts: times in the zone the area code suggests, the sender's number confirmed", async () => {
    const transcript: string[] = [];
    const send = async (body: string) => {
      const replies = await h.text(NY_MOBILE, body);
      transcript.push(`> ${body}`, smsView(replies));
      return smsView(replies);
    };
    const offered = await send("book me");
    expect(offered).toMatch(/I'll show times in Eastern Time; reply with your time zone if that's wrong\. Here are the next open times. Reply 1-3/);
    expect(offered).toMatch(/1: Mon, Nov 23 at 12:00 PM ET\n2: Mon, Nov 23 at 1:00 PM ET\n3: Mon, Nov 23 at 2:00 PM ET/);
    expect(await send("2")).toMatch(/Mon, Nov 23 at 1:00 PM ET is held for 5 min\. What name should we use\?/);
    expect(await send("Alex Rivera")).toMatch(/Should we call you, Alex Rivera, at \(212\) 555-0134 \(this number\)\?/);
    const booked = await send("yes");
    expect(booked).toMatch(/You're booked: Mon, Nov 23 at 1:00 PM ET\. We'll call you at \(212\) 555-0134 for your free 15-minute phone consult\. We'll text you a reminder 1 hour before\./);
    // The thread itself is the confirmation; the reminder is queued for the sender's number.
    expect(h.sms.sent).toHaveLength(0);
    const due = await h.t.app.store.kv.zrangeByScore(keys.reminderQueue(), 0, Number.POSITIVE_INFINITY);
    expect(due.map((d) => new Date(d.score).toISOString())).toEqual(["2026-11-23T17:00:00.000Z"]);
    // Every SMS line is plain GSM-7 text.
    expect(transcript.join("\n")).toMatch(/^[\x20-\x7e\n]*$/);
    console.log(`\nSMS booking transcript (${NY_MOBILE.replace(/\d{4}$/, "XXXX")}):\n${transcript.join("\n")}\n`);
  });

  it("switches zone when the texter says the guess was wrong", async () => {
    await h.text(NY_MOBILE, "book me");
    const pacific = smsView(await h.text(NY_MOBILE, "I'm actually in California"));
    expect(pacific).toMatch(/1: Mon, Nov 23 at 9:00 AM PT/);
  });

  it("confirms a different callback number than the one texting", async () => {
    await h.text(NY_MOBILE, "book me");
    await h.text(NY_MOBILE, "1");
    expect(smsView(await h.text(NY_MOBILE, "Alex, call me at 917-555-0100"))).toMatch(/Should we call you, Alex, at \(917\) 555-0100\?/);
    expect(smsView(await h.text(NY_MOBILE, "yes"))).toMatch(/We'll call you at \(917\) 555-0100/);
    const found = await h.t.app.scheduler.findByPhone("+19175550100");
    expect(found).toMatchObject({ kind: "found", bookings: [{ textTo: NY_MOBILE, phone: "+19175550100" }] });
  });

  it("reschedules by text: found by the sender's number, confirmed before acting", async () => {
    await h.text(NY_MOBILE, "book me");
    await h.text(NY_MOBILE, "1");
    await h.text(NY_MOBILE, "Alex Rivera");
    await h.text(NY_MOBILE, "yes");
    const move = smsView(await h.text(NY_MOBILE, "I need to move my call"));
    expect(move).toMatch(/Your call is on Mon, Nov 23 at 12:00 PM ET\. Here are other times./);
    expect(move).toMatch(/1: Mon, Nov 23 at 12:15 PM ET/);
    const check = smsView(await h.text(NY_MOBILE, "tuesday at 2pm"));
    expect(check).toMatch(/Move your call from Mon, Nov 23 at 12:00 PM ET to Tue, Nov 24 at 2:00 PM ET\? Reply YES/);
    // Nothing moves before the yes.
    expect((await h.t.app.scheduler.findByPhone(NY_MOBILE)).kind === "found").toBe(true);
    expect(await h.t.app.scheduler.findByPhone(NY_MOBILE)).toMatchObject({ bookings: [{ start: "2026-11-23T17:00:00.000Z" }] });
    expect(smsView(await h.text(NY_MOBILE, "yes"))).toMatch(/Done: your free phone consult is now Tue, Nov 24 at 2:00 PM ET/);
    expect(await h.t.app.scheduler.findByPhone(NY_MOBILE)).toMatchObject({ bookings: [{ start: "2026-11-24T19:00:00.000Z" }] });
    const due = await h.t.app.store.kv.zrangeByScore(keys.reminderQueue(), 0, Number.POSITIVE_INFINITY);
    expect(due.map((d) => new Date(d.score).toISOString())).toEqual(["2026-11-24T18:00:00.000Z"]);
  });

  it("cancels by text after asking, and 'no' keeps the call", async () => {
    await h.text(NY_MOBILE, "book me");
    await h.text(NY_MOBILE, "1");
    await h.text(NY_MOBILE, "Alex Rivera");
    await h.text(NY_MOBILE, "yes");
    expect(smsView(await h.text(NY_MOBILE, "cancel my appointment"))).toMatch(/Cancel your free phone consult on Mon, Nov 23 at 12:00 PM ET\? Reply YES to cancel it, or NO to keep it\./);
    expect(smsView(await h.text(NY_MOBILE, "no"))).toMatch(/OK, your call stays on Mon, Nov 23 at 12:00 PM ET/);
    expect(await h.t.app.scheduler.findByPhone(NY_MOBILE)).toMatchObject({ bookings: [{ start: "2026-11-23T17:00:00.000Z" }] });
    await h.text(NY_MOBILE, "please cancel my consult");
    expect(smsView(await h.text(NY_MOBILE, "yes"))).toMatch(/Done: your call on Mon, Nov 23 at 12:00 PM ET is cancelled/);
    expect(await h.t.app.scheduler.findByPhone(NY_MOBILE)).toEqual({ kind: "found", bookings: [] });
    expect(await h.t.app.store.kv.zrangeByScore(keys.reminderQueue(), 0, Number.POSITIVE_INFINITY)).toHaveLength(0);
    // Staff see the cancellation in the console (time and status, no name or number).
    const seen = await new BookingLedger(h.t.app.store.kv, 86_400_000).findByConversation(`sms:${NY_MOBILE}`);
    expect(seen).toMatchObject({ startsAt: "2026-11-23T17:00:00.000Z", status: "cancelled", channel: "sms" });
  });

  it("says so when there is no booking to cancel for the number", async () => {
    expect(smsView(await h.text("+13125550100", "cancel my appointment"))).toMatch(/couldn't find an upcoming consult call for this number/);
  });

  it("books again on 'yes' after the hold expired, when the slot is still free", async () => {
    await h.text(NY_MOBILE, "book me");
    await h.text(NY_MOBILE, "1");
    await h.text(NY_MOBILE, "Alex Rivera");
    h.clock.advance(7 * 60_000);
    expect(smsView(await h.text(NY_MOBILE, "yes"))).toMatch(/You're booked: Mon, Nov 23 at 12:00 PM ET/);
  });

  it("offers new times when the hold expired and someone else took the slot before 'yes'", async () => {
    await h.text(NY_MOBILE, "book me");
    await h.text(NY_MOBILE, "1");
    await h.text(NY_MOBILE, "Alex Rivera");
    h.clock.advance(6 * 60_000);
    const other = "+13105550199";
    await h.text(other, "book me");
    await h.text(other, "1");
    await h.text(other, "Sam Lee");
    expect(smsView(await h.text(other, "yes"))).toMatch(/You're booked: Mon, Nov 23 at 9:00 AM PT/);
    const late = smsView(await h.text(NY_MOBILE, "yes"));
    expect(late).toMatch(/^Sorry, that time was just taken\. Here are the next open times\./);
    expect(late).not.toMatch(/12:00 PM ET/);
    // Name and number are kept: picking a new time goes straight to the confirmation.
    expect(smsView(await h.text(NY_MOBILE, "1"))).toMatch(/Should we call you, Alex Rivera, at \(212\) 555-0134/);
  });
});
