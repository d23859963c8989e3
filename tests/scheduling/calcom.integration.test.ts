import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { CalcomClient } from "../../src/scheduling/calcom/calcom-client.js";
import { CalcomScheduler } from "../../src/scheduling/calcom/calcom-scheduler.js";
import { CONTRACT_NOW, contact, schedulingContract } from "./scheduling.contract.js";
import { FakeCalcom } from "./fake-calcom.js";
import { TestClock } from "./clock.js";

const clinic = loadClinicProfile(resolve("clinic/clinic.yaml"));
const API_KEY = "cal_test_0123456789";
const EVENT_TYPE_ID = 4242;

async function setUp(apiKey = API_KEY) {
  const clock = new TestClock(CONTRACT_NOW);
  const fake = new FakeCalcom({ apiKey: API_KEY, eventTypeId: EVENT_TYPE_ID, rules: clinic, now: clock.now });
  const url = await fake.start();
  const kv = new MemoryKv(clock.nowMs);
  const client = new CalcomClient({ baseUrl: url, apiKey, timeoutMs: 2000 });
  const scheduler = new CalcomScheduler(client, kv, { eventTypeId: EVENT_TYPE_ID, slotMinutes: 15, holdMinutes: clinic.consult.holdMinutes }, clock.now);
  return { clock, fake, kv, scheduler, close: async () => (await fake.close(), await kv.close()) };
}

schedulingContract("Cal.com (fake server on 127.0.0.1)", async () => {
  const t = await setUp();
  return {
    scheduler: t.scheduler,
    advance: (ms) => t.clock.advance(ms),
    expireHold: async () => t.clock.advance(clinic.consult.holdMinutes * 60_000 + 1),
    close: t.close,
  };
});

describe("Cal.com adapter: requests and errors", () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  const range = { from: CONTRACT_NOW, to: new Date(CONTRACT_NOW.getTime() + 86_400_000) };
  beforeEach(async () => {
    t = await setUp();
  });
  afterEach(async () => {
    await t.close();
  });

  it("sends the Bearer key and the documented cal-api-version per endpoint", async () => {
    const listed = await t.scheduler.availableSlots(range);
    if (listed.kind !== "slots") throw new Error(listed.kind);
    const held = await t.scheduler.hold(listed.slots[0]!.start);
    if (held.kind !== "held") throw new Error(held.kind);
    await t.scheduler.book(held.hold, contact());
    const [slots, reserve, book] = t.fake.requests;
    expect(slots).toMatchObject({ method: "GET", headers: { authorization: `Bearer ${API_KEY}`, "cal-api-version": "2024-09-04" } });
    expect(slots!.path).toMatch(/^\/v2\/slots\?eventTypeId=4242&start=.+&end=.+&timeZone=UTC$/);
    expect(reserve).toMatchObject({ method: "POST", path: "/v2/slots/reservations", body: { eventTypeId: 4242, slotStart: listed.slots[0]!.start, reservationDuration: 5 } });
    expect(book).toMatchObject({
      method: "POST",
      path: "/v2/bookings",
      headers: { "cal-api-version": "2024-08-13" },
      body: { start: listed.slots[0]!.start, eventTypeId: 4242, reservedSlotUid: held.hold.id, attendee: { name: "Alex Rivera", phoneNumber: "+12125550134", timeZone: "America/New_York" } },
    });
  });

  it("a refused API key (401) makes the scheduler unavailable", async () => {
    const bad = await setUp("cal_wrong_key");
    try {
      expect(await bad.scheduler.availableSlots(range)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/unauthorized/) });
    } finally {
      await bad.close();
    }
  });

  it("rate limiting (429) and server errors (500, 503) make it unavailable", async () => {
    t.fake.failNext(/^\/v2\/slots$/, 429, "Too Many Requests");
    expect(await t.scheduler.availableSlots(range)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/rateLimited/) });
    t.fake.failNext(/^\/v2\/slots\/reservations$/, 500, "Internal server error");
    expect(await t.scheduler.hold("2026-11-23T17:00:00.000Z")).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/serverError/) });
    const held = await t.scheduler.hold("2026-11-23T17:00:00.000Z");
    if (held.kind !== "held") throw new Error(held.kind);
    t.fake.failNext(/^\/v2\/bookings$/, 503, "Service unavailable");
    expect((await t.scheduler.book(held.hold, contact())).kind).toBe("unavailable");
  });

  it("slot taken at booking time (400 'already has booking') is slotTaken", async () => {
    const held = await t.scheduler.hold("2026-11-23T17:00:00.000Z");
    if (held.kind !== "held") throw new Error(held.kind);
    t.fake.failNext(/^\/v2\/bookings$/, 400, "User either already has booking at this time or is not available");
    expect(await t.scheduler.book(held.hold, contact())).toEqual({ kind: "slotTaken" });
  });

  it("a 400 for another reason is not mistaken for a taken slot", async () => {
    const held = await t.scheduler.hold("2026-11-23T17:00:00.000Z");
    if (held.kind !== "held") throw new Error(held.kind);
    t.fake.failNext(/^\/v2\/bookings$/, 400, "attendee.timeZone must be a valid IANA time zone");
    expect((await t.scheduler.book(held.hold, contact())).kind).toBe("unavailable");
  });

  it("a response of the wrong shape is unavailable, not a crash", async () => {
    t.fake.answerNext(/^\/v2\/slots$/, 200, { status: "success", data: [{ time: "nope" }] });
    expect((await t.scheduler.availableSlots(range)).kind).toBe("unavailable");
    t.fake.answerNext(/^\/v2\/slots$/, 200, "<html>gateway</html>");
    expect((await t.scheduler.availableSlots(range)).kind).toBe("unavailable");
  });

  it("an unreachable server is unavailable", async () => {
    await t.fake.close();
    expect(await t.scheduler.availableSlots(range)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/network/) });
  });

  it("a booking cancelled in Cal.com itself is no longer found by phone", async () => {
    const held = await t.scheduler.hold("2026-11-23T17:00:00.000Z");
    if (held.kind !== "held") throw new Error(held.kind);
    const booked = await t.scheduler.book(held.hold, contact());
    if (booked.kind !== "booked") throw new Error(booked.kind);
    t.fake.bookings.get(booked.booking.id)!.status = "cancelled";
    expect(await t.scheduler.findByPhone("+12125550134")).toEqual({ kind: "found", bookings: [] });
  });
});
