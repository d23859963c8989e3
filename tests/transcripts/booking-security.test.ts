import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lastChoices, nonCodeTexts, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { postMessage, type WebReplyJson } from "../helpers/test-app.js";

const available = await redisAvailable();
// Monday 23 Nov 2026, 9:00 AM in New York (6:00 AM at the Los Angeles clinic).
const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";

/** The attacks of issue 20 on booking, tried again on the whole bot with the calendar on real Redis. */
describe.skipIf(!available)("booking abuse (real Redis)", () => {
  let h: BookingHarness;
  let prefix: string;
  beforeEach(async () => {
    prefix = testPrefix();
    h = await startBookingApp(MONDAY_9AM_ET, { BOOKING_HOLDS_PER_HOUR: "3" }, { kv: await connectTestKv(prefix) });
  });
  afterEach(async () => {
    await h.close();
    await deletePrefix(prefix);
  });
  const bookings = async (phone: string) => {
    const found = await h.t.app.scheduler.findByPhone(phone);
    return found.kind === "found" ? found.bookings : [];
  };
  /** A web message from a given client address (the test app trusts its loopback proxy). */
  const fromIp = async (ip: string, user: string, text: string): Promise<WebReplyJson[]> => {
    const res = await postMessage(h.t.url, { type: "message", text, user }, { "content-type": "application/json", "x-forwarded-for": ip });
    expect(res.status).toBe(200);
    return res.json as WebReplyJson[];
  };

  it("a forged zone: payload is refused, never shown as 'Invalid DateTime'", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult");
    for (const forged of ["zone:Mars/Olympus", "zone:../../etc"]) {
      const out = webView(await h.web(user, forged));
      expect(out, forged).not.toMatch(/Invalid DateTime|undefined/);
      expect(out, forged).toMatch(/time zone/i);
    }
    for (const forged of ["zone:Invalid", "zone:", `zone:${"A/".repeat(40)}`]) {
      const other = randomUUID();
      await h.web(other, "book a consult");
      const out = webView(await h.web(other, forged));
      expect(out, forged).not.toMatch(/Invalid DateTime|undefined/);
      expect(out, forged).toMatch(/time zone/i);
    }
    const offered = await h.web(user, "zone:Europe/London");
    expect(lastChoices(offered)[0]!.title).toMatch(/^Mon, Nov 23 at 5:00 PM GMT$/);
    await h.web(user, "1");
    await h.web(user, "Alex Rivera, 212-555-0134");
    await h.web(user, "Book it and text me");
    const done = webView(await h.code(user));
    expect(done).toMatch(/You're booked: Mon, Nov 23 at 5:00 PM GMT/);
    expect(nonCodeTexts(h.sms).map((m) => m.body).join("\n")).not.toMatch(/Invalid DateTime/);
  });

  it("a web visitor cannot make the clinic text or book a call to a number without its code", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult, ET");
    await h.web(user, "1");
    await h.web(user, "Victim Name, 212-555-0177");
    expect(webView(await h.web(user, "Book it and text me"))).toMatch(/texted it a 6-digit code/);
    for (let i = 0; i < 4; i++) expect(webView(await h.web(user, `55555${i}`))).toMatch(/That code isn't right/);
    expect(webView(await h.web(user, "555559"))).toMatch(/can't confirm that number in this chat/);
    expect(await bookings("+12125550177")).toEqual([]);
    // Only the code went to that number: no confirmation, no reminder, no call booked.
    expect(h.sms.sent.map((m) => m.purpose)).toEqual(["verification"]);
    // The slot was given back.
    const other = randomUUID();
    expect(lastChoices(await h.web(other, "book a consult, ET"))[0]!.title).toBe("Mon, Nov 23 at 12:00 PM ET");
  });

  it("one number gets at most five codes an hour, however many chats ask", async () => {
    for (let i = 0; i < 7; i++) {
      const user = randomUUID();
      await h.web(user, "cancel my appointment");
      await h.web(user, "212-555-0188, Pat");
    }
    expect(h.sms.sent.filter((m) => m.to === "+12125550188")).toHaveLength(5);
  });

  it("one active consult per visitor: a second booking offers to move the first, and moving keeps one booking", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult, ET");
    await h.web(user, "1");
    await h.web(user, "Alex Rivera, 212-555-0134");
    await h.web(user, "Book it, no texts");
    expect(webView(await h.code(user))).toMatch(/You're booked: Mon, Nov 23 at 12:00 PM ET/);
    await h.web(user, "I'd like to book a consult, ET");
    await h.web(user, "2");
    await h.web(user, "Alex Rivera, 212-555-0134");
    await h.web(user, "Book it, no texts");
    // A new booking dialog confirms the number again before anything is shown.
    const offer = await h.code(user);
    expect(webView(offer)).toMatch(/You already have a free consult booked for Mon, Nov 23 at 12:00 PM ET\. Each person can have one at a time/);
    expect(lastChoices(offer).map((c) => c.payload)).toEqual(["booked:move", "booked:keep"]);
    expect(webView(await h.web(user, "booked:move"))).toMatch(/Done: your free phone consult is now Mon, Nov 23 at 1:15 PM ET/);
    expect((await bookings("+12125550134")).map((b) => b.start)).toEqual(["2026-11-23T18:15:00.000Z"]);
    // The owner is told by SMS that the booking moved.
    expect(h.sms.sent.at(-1)).toMatchObject({ to: "+12125550134", purpose: "change-notice" });
  });

  it("one active consult per number: another visitor with the same number (code confirmed) may keep or move it, never add a second", async () => {
    const first = randomUUID();
    await h.web(first, "book a consult, ET");
    await h.web(first, "1");
    await h.web(first, "Alex Rivera, 212-555-0134");
    await h.web(first, "Book it, no texts");
    await h.code(first);
    const second = randomUUID();
    await h.web(second, "book a consult, ET");
    await h.web(second, "3");
    await h.web(second, "Alex Rivera, 212-555-0134");
    await h.web(second, "Book it, no texts");
    expect(webView(await h.code(second))).toMatch(/You already have a free consult booked/);
    expect(webView(await h.web(second, "booked:keep"))).toMatch(/your consult stays on Mon, Nov 23 at 12:00 PM ET/);
    expect(await bookings("+12125550134")).toHaveLength(1);
  });

  it("an SMS sender who names someone else's number learns nothing of its booking and cannot add one", async () => {
    const web = randomUUID();
    await h.web(web, "book a consult, ET");
    await h.web(web, "1");
    await h.web(web, "Alex Rivera, 212-555-0134");
    await h.web(web, "Book it, no texts");
    await h.code(web);
    const from = "+13105550999";
    await h.text(from, "book a consult");
    await h.text(from, "1");
    await h.text(from, "Jo Smith, call me at 212-555-0134");
    const out = (await h.text(from, "yes")).map((r) => r.smsText ?? r.text).join("\n");
    expect(out).toMatch(/already has a free consult booked/);
    expect(out).not.toMatch(/Nov 23|12:00/);
    expect(await bookings("+12125550134")).toHaveLength(1);
  });

  it("caps slots held per visitor and per address each hour (BOOKING_HOLDS_PER_HOUR), so a script cannot empty the calendar", async () => {
    const user = randomUUID();
    for (let i = 0; i < 3; i++) {
      await h.web(user, "book a consult, ET");
      expect(webView(await h.web(user, "1"))).toMatch(/is yours for the next 5 minutes/);
    }
    await h.web(user, "book a consult, ET");
    const fourth = webView(await h.web(user, "1"));
    expect(fourth).toMatch(/paused booking in this chat/);
    // Many "visitors" from one address: five times the per-visitor limit (15), then paused.
    const ip = "198.51.100.44";
    const outcomes: boolean[] = [];
    for (let i = 0; i < 17; i++) {
      const v = randomUUID();
      await fromIp(ip, v, "book a consult, ET");
      outcomes.push(/is yours/.test(webView(await fromIp(ip, v, "1"))));
    }
    expect(outcomes.filter(Boolean)).toHaveLength(15);
    expect(outcomes.slice(15)).toEqual([false, false]);
    // Another address is not affected.
    const v = randomUUID();
    await fromIp("203.0.113.8", v, "book a consult, ET");
    expect(webView(await fromIp("203.0.113.8", v, "1"))).toMatch(/is yours/);
  }, 60_000);
});
