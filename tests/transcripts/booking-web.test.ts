import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keys } from "../../src/state/keys.js";
import { lastChoices, nonCodeTexts, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";

// Monday 23 Nov 2026, 9:00 AM in New York (6:00 AM at the Los Angeles clinic).
const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";

describe("booking on the web: a visitor in New York books the Los Angeles clinic", () => {
  let h: BookingHarness;
  beforeEach(async () => {
    h = await startBookingApp(MONDAY_9AM_ET);
  });
  afterEach(async () => {
    await h.close();
  });

  it("goes from 'book me' to confirmed in 5 messages and the texted code, with buttons and times in Eastern Time", async () => {
    const user = randomUUID();
    let sent = 0;
    const send = async (text: string) => (sent++, h.web(user, text));

    const asked = await send("I'd like to book a consult");
    expect(webView(asked)).toMatch(/which time zone are you in/i);
    expect(lastChoices(asked).map((c) => c.title)).toEqual(["Eastern", "Central", "Mountain", "Pacific"]);

    const offered = await send("Eastern");
    const choices = lastChoices(offered);
    // The clinic opens at 9:00 AM Pacific = 12:00 PM Eastern; three slots an hour apart.
    expect(choices.map((c) => c.title)).toEqual(["Mon, Nov 23 at 12:00 PM ET", "Mon, Nov 23 at 1:00 PM ET", "Mon, Nov 23 at 2:00 PM ET"]);
    expect(choices[0]!.payload).toBe("slot:2026-11-23T17:00:00.000Z");

    const held = await send("2");
    expect(webView(held)).toMatch(/Mon, Nov 23 at 1:00 PM ET is yours for the next 5 minutes/);
    expect(webView(held)).toMatch(/name and phone number/i);

    const confirm = await send("Alex Rivera, 212-555-0134");
    expect(webView(confirm)).toMatch(/Mon, Nov 23 at 1:00 PM ET/);
    expect(webView(confirm)).toMatch(/We'll call Alex Rivera at \(212\) 555-0134/);
    expect(lastChoices(confirm).map((c) => c.title)).toEqual(["Book it and text me", "Book it, no texts", "Change something"]);

    const codeAsked = await send("Book it and text me");
    // The number is confirmed before the clinic calls or texts it: a 6-digit code goes to it by SMS.
    expect(webView(codeAsked)).toMatch(/To make sure \(212\) 555-0134 is yours, I just texted it a 6-digit code/);
    expect(h.sms.sent).toHaveLength(1);
    expect(h.sms.sent[0]).toMatchObject({ to: "+12125550134", purpose: "verification" });
    expect(h.sms.sent[0]!.body).not.toMatch(/ketamine|spravato|harbor/i);
    const booked = await h.code(user);
    expect(sent).toBeLessThanOrEqual(5);
    const done = webView(booked);
    expect(done).toMatch(/You're booked: Mon, Nov 23 at 1:00 PM ET\./);
    expect(done).toMatch(/will call you at \(212\) 555-0134 for your free 15-minute phone consult/);
    expect(done).toMatch(/reminder 1 hour before/);

    // The booking is stored for 10:00 AM Pacific (18:00 UTC) and findable by phone.
    const stored = await h.t.app.scheduler.findByPhone("+12125550134");
    expect(stored.kind === "found" && stored.bookings).toMatchObject([{ start: "2026-11-23T18:00:00.000Z", name: "Alex Rivera", timeZone: "America/New_York", textTo: "+12125550134", channel: "web" }]);
    // A text confirmation went out (no drug, no clinic name), and a reminder waits for 12:00 PM ET.
    expect(h.sms.sent).toHaveLength(2);
    expect(h.sms.sent[1]).toMatchObject({ to: "+12125550134", purpose: "confirmation" });
    expect(h.sms.sent[1]!.body).toMatch(/^Your free consultation call is booked for Mon, Nov 23 at 1:00 PM ET\./);
    expect(h.sms.sent[1]!.body).not.toMatch(/ketamine|spravato|harbor/i);
    const due = await h.t.app.store.kv.zrangeByScore(keys.reminderQueue(), 0, Number.POSITIVE_INFINITY);
    expect(due).toHaveLength(1);
    expect(new Date(due[0]!.score).toISOString()).toBe("2026-11-23T17:00:00.000Z");
  });

  it("books without texts when the visitor says so: no confirmation text, no reminder", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult, ET");
    await h.web(user, "1");
    await h.web(user, "Sam Lee 646 555 0100");
    await h.web(user, "Book it, no texts");
    const booked = await h.code(user);
    expect(webView(booked)).toMatch(/You're booked: Mon, Nov 23 at 12:00 PM ET/);
    expect(webView(booked)).not.toMatch(/reminder/);
    expect(nonCodeTexts(h.sms)).toHaveLength(0);
    expect(await h.t.app.store.kv.zrangeByScore(keys.reminderQueue(), 0, Number.POSITIVE_INFINITY)).toHaveLength(0);
  });

  it("understands free-text times and picks: 'tomorrow afternoon', then 'the 3:30'", async () => {
    const user = randomUUID();
    const offered = await h.web(user, "can i get a call tomorrow afternoon? I'm on pacific time");
    expect(webView(offered)).toMatch(/Here's what's open on Tue, Nov 24 between 12 PM and 5 PM/);
    const titles = lastChoices(offered).map((c) => c.title);
    expect(titles).toHaveLength(3);
    expect(titles.every((t) => /^Tue, Nov 24 at (12|1|2|3|4):\d\d PM PT$/.test(t))).toBe(true);
    const picked = await h.web(user, titles[2]!.replace(/^.* at /, "the ").replace(" PT", ""));
    expect(webView(picked)).toContain(`${titles[2]} is yours`);
  });

  it("asks for a number when the visitor gives only a name, and checks the number", async () => {
    const user = randomUUID();
    await h.web(user, "book me");
    await h.web(user, "eastern time");
    await h.web(user, "1");
    expect(webView(await h.web(user, "Alex"))).toMatch(/Thanks, Alex\. What phone number should we call\?/);
    expect(webView(await h.web(user, "555-0134 12"))).toMatch(/doesn't look like a full phone number/);
    expect(webView(await h.web(user, "(212) 555-0134"))).toMatch(/We'll call Alex at \(212\) 555-0134/);
  });

  it("lets the visitor change a detail at the confirmation: the time, then the number", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult, ET");
    await h.web(user, "1");
    await h.web(user, "Alex Rivera, 212-555-0134");
    const moved = await h.web(user, "actually make it 4pm");
    expect(webView(moved)).toMatch(/Please check: free 15-minute phone consult on Mon, Nov 23 at 4:00 PM ET/);
    const askNumber = await h.web(user, "use my other number");
    expect(webView(askNumber)).toMatch(/What phone number should we call\?/);
    const again = await h.web(user, "310-555-0199");
    expect(webView(again)).toMatch(/4:00 PM ET\. We'll call Alex Rivera at \(310\) 555-0199/);
    expect(webView(await h.web(user, "yes"))).toMatch(/texted it a 6-digit code/);
    expect(h.sms.sent.at(-1)).toMatchObject({ to: "+13105550199", purpose: "verification" });
    expect(webView(await h.code(user))).toMatch(/You're booked: Mon, Nov 23 at 4:00 PM ET/);
    // The 12:00 PM slot held at first was given back.
    const free = await h.t.app.scheduler.availableSlots({ from: h.clock.now(), to: new Date(Date.parse("2026-11-24T00:00:00Z")) });
    expect(free.kind === "slots" && free.slots[0]!.start).toBe("2026-11-23T17:00:00.000Z");
  });

  it("stops booking on 'never mind' and gives the held slot back", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult, ET");
    await h.web(user, "1");
    expect(webView(await h.web(user, "never mind"))).toMatch(/stopped booking/);
    const other = randomUUID();
    const offered = await h.web(other, "book a consult, ET");
    expect(lastChoices(offered)[0]!.title).toBe("Mon, Nov 23 at 12:00 PM ET");
  });

  it("answers an FAQ question mid-booking, then picks the booking up where it was", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult, ET");
    const mid = await h.web(user, "what are the side effects?");
    expect(mid.some((r) => r.faq === "side-effects")).toBe(true);
    const resume = mid[mid.length - 1]!;
    expect(resume.text).toMatch(/^Back to booking: Which of these times works for you\?/);
    expect(resume.quick_replies).toHaveLength(3);
    expect(webView(await h.web(user, "2"))).toMatch(/Mon, Nov 23 at 1:00 PM ET is yours/);
  });

  it("a crisis message stops the booking at once", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult, ET");
    const crisis = await h.web(user, "i want to kill myself");
    expect(webView(crisis)).toMatch(/988/);
    const state = await h.t.app.store.conversations.load(`web:${user}`);
    expect(state?.dialog).toBeNull();
  });
});

describe("booking on the web: asking for a person mid-booking", () => {
  it("hands over to staff and ends the booking instead of asking the booking question again", async () => {
    const h = await startBookingApp(MONDAY_9AM_ET);
    try {
      const user = randomUUID();
      await h.web(user, "book a consult, ET");
      const out = await h.web(user, "can I talk to a real person");
      expect(out.some((r) => r.kind === "handoff")).toBe(true);
      expect(webView(out)).not.toMatch(/Back to booking/);
      expect((await h.t.app.store.conversations.load(`web:${user}`))?.dialog).toBeNull();
    } finally {
      await h.close();
    }
  });
});
