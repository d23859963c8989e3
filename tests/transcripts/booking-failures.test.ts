import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { BuiltinScheduler } from "../../src/scheduling/builtin/builtin-scheduler.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { smsView, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";
import { FakeCalcom } from "../scheduling/fake-calcom.js";

const clinic = loadClinicProfile(resolve("clinic/clinic.yaml"));
const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";

describe("booking when the scheduler fails or is full", () => {
  let h: BookingHarness | undefined;
  let fake: FakeCalcom | undefined;
  afterEach(async () => {
    await h?.close();
    await fake?.close();
    h = fake = undefined;
  });

  async function withCalcom() {
    const clock = { now: () => new Date(MONDAY_9AM_ET) };
    fake = new FakeCalcom({ apiKey: "cal_live_key", eventTypeId: 77, rules: clinic, now: clock.now });
    const url = await fake.start();
    h = await startBookingApp(MONDAY_9AM_ET, { SCHEDULER: "calcom", CALCOM_API_KEY: "cal_live_key", CALCOM_EVENT_TYPE_ID: "77", CALCOM_BASE_URL: url });
    return h;
  }

  it("Cal.com answering 503: an honest message and a handoff with the preferred times as written", async () => {
    const app = await withCalcom();
    fake!.failAll(503);
    const user = randomUUID();
    await app.web(user, "book me");
    const replies = await app.web(user, "tomorrow afternoon, eastern time");
    expect(webView(replies)).toMatch(/I can't reach our booking calendar right now\. I've passed your request and preferred times to our team/);
    expect(replies.at(-1)).toMatchObject({ kind: "handoff", intent: "handoff" });
    const [handoff] = await app.t.app.store.handoffs.list();
    expect(handoff).toMatchObject({ reason: "booking-problem", channel: "web", conversationId: `web:${user}` });
    expect(handoff!.details).toBe('Wants the free phone consult (book). Preferred times: "tomorrow afternoon, eastern time" (Eastern Time).');
    const state = await app.t.app.store.conversations.load(`web:${user}`);
    expect(state?.dialog).toBeNull();
  });

  it("Cal.com books end to end through the dialog when it is up", async () => {
    const app = await withCalcom();
    await app.text("+12125550134", "book me");
    await app.text("+12125550134", "2");
    await app.text("+12125550134", "Alex Rivera");
    expect(smsView(await app.text("+12125550134", "yes"))).toMatch(/You're booked: Mon, Nov 23 at 1:00 PM ET/);
    expect([...fake!.bookings.values()]).toMatchObject([{ start: "2026-11-23T18:00:00.000Z", status: "accepted", attendee: { name: "Alex Rivera", phoneNumber: "+12125550134", timeZone: "America/New_York" } }]);
  });

  it("the store failing mid-booking (Redis down) is the same honest message", async () => {
    const broken = new BuiltinScheduler(
      new Proxy(new MemoryKv(), { get: (_t, p) => (p === "kind" ? "memory" : async () => Promise.reject(new Error("ECONNREFUSED"))) }) as MemoryKv,
      clinic,
      () => new Date(MONDAY_9AM_ET),
    );
    h = await startBookingApp(MONDAY_9AM_ET, {}, { scheduler: broken });
    const out = smsView(await h.text("+12125550134", "book me"));
    expect(out).toMatch(/Sorry, I can't reach our booking calendar right now/);
    expect((await h.t.app.store.handoffs.list())[0]).toMatchObject({ reason: "booking-problem", channel: "sms" });
  });

  it("no slot in the next 14 days: says so and hands the request to staff", async () => {
    const closed = { ...clinic, consultHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    const kv = new MemoryKv();
    h = await startBookingApp(MONDAY_9AM_ET, {}, { scheduler: new BuiltinScheduler(kv, closed, () => new Date(MONDAY_9AM_ET)) });
    const user = randomUUID();
    await h.web(user, "book me");
    const out = await h.web(user, "Pacific");
    expect(webView(out)).toMatch(/there are no open consult times in the next 14 days/);
    expect((await h.t.app.store.handoffs.list())[0]!.details).toBe("Wants the free phone consult (book). Preferred times: not given (Pacific Time).");
    await kv.close();
  });
});
