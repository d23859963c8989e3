import { resolve } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { createLogger } from "../../src/logging/logger.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { CalcomClient } from "../../src/scheduling/calcom/calcom-client.js";
import { CalcomScheduler, REQUEST_KEY_FIELD } from "../../src/scheduling/calcom/calcom-scheduler.js";
import type { Hold } from "../../src/scheduling/scheduling-adapter.js";
import { CONTRACT_NOW, contact, schedulingContract } from "./scheduling.contract.js";
import { FakeCalcom, type CalcomRelease } from "./fake-calcom.js";
import { TestClock } from "./clock.js";

const clinic = loadClinicProfile(resolve("clinic/clinic.yaml"));
const API_KEY = "cal_test_0123456789";
const EVENT_TYPE_ID = 4242;
/** Monday 23 Nov 2026, 9:00 AM Pacific: a consult slot the contract clock can book. */
const NINE_AM = "2026-11-23T17:00:00.000Z";

interface SetUpOptions {
  apiKey?: string;
  release?: CalcomRelease;
  ownsEventType?: boolean;
  timeoutMs?: number;
}

async function setUp(options: SetUpOptions = {}) {
  const clock = new TestClock(CONTRACT_NOW);
  const fake = new FakeCalcom({ apiKey: API_KEY, eventTypeId: EVENT_TYPE_ID, rules: clinic, now: clock.now, release: options.release ?? "current", ownsEventType: options.ownsEventType ?? true });
  const url = await fake.start();
  const kv = new MemoryKv(clock.nowMs);
  let logs = "";
  const logger = createLogger("info", new Writable({ write: (chunk, _e, cb) => ((logs += String(chunk)), cb()) }));
  const client = new CalcomClient({ baseUrl: url, apiKey: options.apiKey ?? API_KEY, timeoutMs: options.timeoutMs ?? 2000, logger });
  const scheduler = new CalcomScheduler(client, kv, { eventTypeId: EVENT_TYPE_ID, slotMinutes: 15, holdMinutes: clinic.consult.holdMinutes, logger, confirmDelayMs: 20 }, clock.now);
  return { clock, fake, kv, scheduler, logs: () => logs, close: async () => (await fake.close(), await kv.close()) };
}

type Harness = Awaited<ReturnType<typeof setUp>>;

async function held(t: Harness, start = NINE_AM): Promise<Hold> {
  const outcome = await t.scheduler.hold(start);
  if (outcome.kind !== "held") throw new Error(`expected a hold, got ${JSON.stringify(outcome)}`);
  return outcome.hold;
}

const posts = (t: Harness, path: RegExp) => t.fake.requests.filter((r) => r.method === "POST" && path.test(r.path.split("?")[0]!));

for (const release of ["current", "legacy"] as const) {
  schedulingContract(`Cal.com, ${release} release (fake server on 127.0.0.1)`, async () => {
    const t = await setUp({ release });
    return {
      scheduler: t.scheduler,
      advance: (ms) => t.clock.advance(ms),
      expireHold: async () => t.clock.advance(clinic.consult.holdMinutes * 60_000 + 1),
      close: t.close,
    };
  });
}

describe("Cal.com adapter: requests and errors", () => {
  let t: Harness;
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
    const hold = await held(t, listed.slots[0]!.start);
    await t.scheduler.book(hold, contact());
    const [slots, offered, reserve, book] = t.fake.requests;
    expect(slots).toMatchObject({ method: "GET", headers: { authorization: `Bearer ${API_KEY}`, "cal-api-version": "2024-09-04" } });
    expect(slots!.path).toMatch(/^\/v2\/slots\?eventTypeId=4242&start=.+&end=.+&timeZone=UTC$/);
    // Cal.com's reservation endpoint does not check availability, so the hold asks first.
    expect(offered).toMatchObject({ method: "GET", headers: { "cal-api-version": "2024-09-04" } });
    expect(reserve).toMatchObject({ method: "POST", path: "/v2/slots/reservations", body: { eventTypeId: 4242, slotStart: listed.slots[0]!.start, reservationDuration: 5 } });
    expect(book).toMatchObject({
      method: "POST",
      path: "/v2/bookings",
      headers: { "cal-api-version": "2024-08-13" },
      body: {
        start: listed.slots[0]!.start,
        eventTypeId: 4242,
        reservedSlotUid: hold.id,
        attendee: { name: "Alex Rivera", phoneNumber: "+12125550134", timeZone: "America/New_York" },
        metadata: { source: "consult-bot", [REQUEST_KEY_FIELD]: expect.any(String) },
      },
    });
  });

  it("a refused API key (401) makes the scheduler unavailable", async () => {
    const bad = await setUp({ apiKey: "cal_wrong_key" });
    try {
      expect(await bad.scheduler.availableSlots(range)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/unauthorized/) });
    } finally {
      await bad.close();
    }
  });

  it("rate limiting (429) and server errors make it unavailable; Cal.com down for good is unavailable", async () => {
    t.fake.failNext(/^\/v2\/slots$/, 429, "Too Many Requests");
    expect(await t.scheduler.availableSlots(range)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/rateLimited/) });
    t.fake.failNext(/^\/v2\/slots\/reservations$/, 500, "Internal server error");
    expect(await t.scheduler.hold(NINE_AM)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/serverError/) });
    const hold = await held(t);
    t.fake.failAll(503);
    expect((await t.scheduler.book(hold, contact())).kind).toBe("unavailable");
    t.fake.failAll(null);
    expect(t.fake.standing()).toHaveLength(0);
  });

  it("slot taken at booking time (400 'already has booking') is slotTaken", async () => {
    const hold = await held(t);
    t.fake.failNext(/^\/v2\/bookings$/, 400, "User either already has booking at this time or is not available");
    expect(await t.scheduler.book(hold, contact())).toEqual({ kind: "slotTaken" });
  });

  it("someone who reserved the time first (409) is slotTaken", async () => {
    const hold = await held(t);
    t.fake.failNext(/^\/v2\/bookings$/, 409, "Someone else reserved this booking time slot before you. This time slot will be freed up in 240 seconds.");
    expect(await t.scheduler.book(hold, contact())).toEqual({ kind: "slotTaken" });
  });

  it("a 400 for another reason is not mistaken for a taken slot", async () => {
    const hold = await held(t);
    t.fake.failNext(/^\/v2\/bookings$/, 400, "attendee.timeZone must be a valid IANA time zone");
    expect((await t.scheduler.book(hold, contact())).kind).toBe("unavailable");
  });

  it("'too soon to book' (minimum notice, or past) is not a taken slot", async () => {
    const hold = await held(t);
    // The person took a while: the slot is now inside the event type's minimum notice.
    t.clock.set(new Date(Date.parse(NINE_AM) - 30 * 60_000));
    const tooSoon = await t.scheduler.book({ ...hold, expiresAt: new Date(Date.parse(NINE_AM) + 60_000).toISOString() }, contact());
    expect(tooSoon).toMatchObject({ kind: "unavailable", cause: "tooSoon", reason: expect.stringMatching(/booking_time_out_of_bounds_error/) });
    t.fake.failNext(/^\/v2\/bookings$/, 400, "Attempting to book a meeting in the past.");
    t.clock.set(CONTRACT_NOW);
    expect(await t.scheduler.book(await held(t, "2026-11-23T17:15:00.000Z"), contact())).toMatchObject({ kind: "unavailable", cause: "tooSoon" });
  });

  it("a 400 or 404 on a hold is a configuration problem, not a taken slot", async () => {
    t.fake.failNext(/^\/v2\/slots\/reservations$/, 404, `Event Type with ID=${EVENT_TYPE_ID} not found`);
    expect(await t.scheduler.hold(NINE_AM)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/notFound/) });
    t.fake.failNext(/^\/v2\/slots\/reservations$/, 400, "Invalid start date");
    expect(await t.scheduler.hold(NINE_AM)).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/rejected/) });
    expect(t.logs()).toMatch(/hold refused; check CALCOM_EVENT_TYPE_ID/);
    // A time someone else reserved (422) is taken.
    t.fake.failNext(/^\/v2\/slots\/reservations$/, 422, "This time slot is already reserved by another user. Please choose a different time.");
    expect(await t.scheduler.hold(NINE_AM)).toEqual({ kind: "slotTaken" });
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
    const booked = await t.scheduler.book(await held(t), contact());
    if (booked.kind !== "booked") throw new Error(booked.kind);
    t.fake.bookings.get(booked.booking.id)!.status = "cancelled";
    expect(await t.scheduler.findByPhone("+12125550134")).toEqual({ kind: "found", bookings: [] });
  });
});

describe("Cal.com adapter: booking creation is safe to retry", () => {
  let t: Harness;
  afterEach(async () => {
    await t.close();
  });

  it("a Cal.com that books but answers after the timeout ends in exactly one booking, reported as booked", async () => {
    t = await setUp({ timeoutMs: 300 });
    const hold = await held(t);
    t.fake.bookSlowly(1500);
    const outcome = await t.scheduler.book(hold, contact());
    expect(outcome).toMatchObject({ kind: "booked", booking: { start: NINE_AM, phone: "+12125550134" } });
    expect(posts(t, /^\/v2\/bookings$/)).toHaveLength(1);
    expect(t.fake.standing()).toHaveLength(1);
    if (outcome.kind !== "booked") return;
    expect(outcome.booking.id).toBe(t.fake.standing()[0]!.uid);
    // Found again later, by phone and by id: it was indexed like any booking.
    expect(await t.scheduler.findByPhone("+12125550134")).toMatchObject({ kind: "found", bookings: [{ id: outcome.booking.id }] });
    expect(t.logs()).toMatch(/no answer to a booking request; looking for it/);
  });

  it("a 500 after Cal.com created the booking ends in one booking, reported as booked", async () => {
    t = await setUp();
    const hold = await held(t);
    t.fake.bookSlowly(0, 500);
    expect(await t.scheduler.book(hold, contact())).toMatchObject({ kind: "booked" });
    expect(posts(t, /^\/v2\/bookings$/)).toHaveLength(1);
    expect(t.fake.standing()).toHaveLength(1);
  });

  it("a 503 that created nothing is looked for, then sent once more: one booking", async () => {
    t = await setUp();
    const hold = await held(t);
    t.fake.failNext(/^\/v2\/bookings$/, 503, "Service unavailable", "POST");
    expect(await t.scheduler.book(hold, contact())).toMatchObject({ kind: "booked" });
    expect(posts(t, /^\/v2\/bookings$/)).toHaveLength(2);
    expect(t.fake.standing()).toHaveLength(1);
    // Both requests carried the same key, and the booking carries it.
    const [first, second] = posts(t, /^\/v2\/bookings$/).map((r) => (r.body as { metadata: Record<string, string> }).metadata[REQUEST_KEY_FIELD]);
    expect(first).toBe(second);
    expect(t.fake.standing()[0]!.metadata[REQUEST_KEY_FIELD]).toBe(first);
  });

  it("when it cannot look the booking up, it says so instead of sending the request again", async () => {
    t = await setUp({ timeoutMs: 300 });
    const hold = await held(t);
    t.fake.bookSlowly(1500);
    t.fake.failNext(/^\/v2\/bookings$/, 503, "Service unavailable", "GET");
    t.fake.failNext(/^\/v2\/bookings$/, 503, "Service unavailable", "GET");
    expect(await t.scheduler.book(hold, contact())).toMatchObject({ kind: "unavailable", reason: expect.stringMatching(/not confirmed/) });
    expect(posts(t, /^\/v2\/bookings$/)).toHaveLength(1);
  });
});

describe("Cal.com adapter: releases with and without reservedSlotUid", () => {
  let t: Harness;
  afterEach(async () => {
    await t.close();
  });

  it("books on a release that refuses reservedSlotUid, releases the reservation, and stops sending the field", async () => {
    t = await setUp({ release: "legacy" });
    const first = await t.scheduler.book(await held(t), contact());
    expect(first.kind).toBe("booked");
    const [refused, accepted] = posts(t, /^\/v2\/bookings$/);
    expect(refused?.body).toHaveProperty("reservedSlotUid");
    expect(accepted?.body).not.toHaveProperty("reservedSlotUid");
    // The legacy release does not consume reservations: the adapter gives it back.
    expect(t.fake.requests.filter((r) => r.method === "DELETE" && r.path.startsWith("/v2/slots/reservations/"))).toHaveLength(1);

    const before = posts(t, /^\/v2\/bookings$/).length;
    expect((await t.scheduler.book(await held(t, "2026-11-23T17:15:00.000Z"), contact("+13105550199", "Sam Lee"))).kind).toBe("booked");
    expect(posts(t, /^\/v2\/bookings$/).slice(before).map((r) => "reservedSlotUid" in (r.body as object))).toEqual([false]);
    expect(t.logs()).toMatch(/does not accept reservedSlotUid/);
  });

  it("passes reservedSlotUid on reschedule where the release takes it", async () => {
    t = await setUp();
    const booked = await t.scheduler.book(await held(t), contact());
    if (booked.kind !== "booked") throw new Error(booked.kind);
    const target = await held(t, "2026-11-23T18:00:00.000Z");
    expect(await t.scheduler.reschedule(booked.booking.id, target)).toMatchObject({ kind: "booked", booking: { start: "2026-11-23T18:00:00.000Z" } });
    expect(posts(t, /\/reschedule$/).map((r) => r.body)).toEqual([expect.objectContaining({ start: "2026-11-23T18:00:00.000Z", reservedSlotUid: target.id })]);
    expect(t.fake.standing().map((b) => b.start)).toEqual(["2026-11-23T18:00:00.000Z"]);
  });

  it("reschedules on a release that refuses reservedSlotUid: sent again without it, reservation released", async () => {
    t = await setUp({ release: "legacy" });
    const booked = await t.scheduler.book(await held(t), contact());
    if (booked.kind !== "booked") throw new Error(booked.kind);
    // Another process, which has not met the refusal yet, moves the booking.
    const fresh = new CalcomScheduler(new CalcomClient({ baseUrl: t.fake.url, apiKey: API_KEY }), t.kv, { eventTypeId: EVENT_TYPE_ID, slotMinutes: 15, holdMinutes: clinic.consult.holdMinutes }, t.clock.now);
    const target = await held(t, "2026-11-23T18:00:00.000Z");
    const deletesBefore = t.fake.requests.filter((r) => r.method === "DELETE").length;
    expect(await fresh.reschedule(booked.booking.id, target)).toMatchObject({ kind: "booked", booking: { start: "2026-11-23T18:00:00.000Z" } });
    const [refused, accepted] = posts(t, /\/reschedule$/);
    expect(refused?.body).toHaveProperty("reservedSlotUid", target.id);
    expect(accepted?.body).not.toHaveProperty("reservedSlotUid");
    expect(t.fake.requests.filter((r) => r.method === "DELETE").length - deletesBefore).toBe(1);
    expect(t.fake.standing().map((b) => b.start)).toEqual(["2026-11-23T18:00:00.000Z"]);
  });

  it("holds for Cal.com's default time when the key's user may not set reservationDuration (403 is not a bad key)", async () => {
    t = await setUp({ ownsEventType: false });
    const hold = await held(t);
    expect(Date.parse(hold.expiresAt) - CONTRACT_NOW.getTime()).toBe(5 * 60_000);
    const reservations = posts(t, /^\/v2\/slots\/reservations$/);
    expect(reservations.map((r) => "reservationDuration" in (r.body as object))).toEqual([true, false]);
    expect(t.logs()).not.toMatch(/API key was refused/);
    expect(t.logs()).toMatch(/may not set reservationDuration/);
    await held(t, "2026-11-23T17:15:00.000Z");
    expect(posts(t, /^\/v2\/slots\/reservations$/).slice(2).map((r) => "reservationDuration" in (r.body as object))).toEqual([false]);
    expect((await t.scheduler.book(hold, contact())).kind).toBe("booked");
  });
});

describe("Cal.com adapter: bookings moved inside Cal.com", () => {
  let t: Harness;
  afterEach(async () => {
    await t.close();
  });

  for (const release of ["current", "legacy"] as const) {
    it(`follows a booking moved by the clinic in Cal.com (${release}: ${release === "current" ? "rescheduledToUid" : "rescheduled + rescheduledFromUid"})`, async () => {
      t = await setUp({ release });
      const booked = await t.scheduler.book(await held(t), contact());
      if (booked.kind !== "booked") throw new Error(booked.kind);
      const moved = t.fake.moveInside(booked.booking.id, "2026-11-24T18:30:00.000Z");
      expect(await t.scheduler.getBooking(booked.booking.id)).toMatchObject({ kind: "found", booking: { id: moved.uid, start: "2026-11-24T18:30:00.000Z", name: "Alex Rivera" } });
      expect(await t.scheduler.findByPhone("+12125550134")).toMatchObject({ kind: "found", bookings: [{ id: moved.uid, start: "2026-11-24T18:30:00.000Z" }] });
      // Re-indexed under the new uid: cancelling by either id reaches the moved booking.
      expect(await t.scheduler.cancel(moved.uid)).toMatchObject({ kind: "cancelled", booking: { id: moved.uid } });
      expect(t.fake.standing()).toHaveLength(0);
    });
  }
});

describe("the Cal.com fake refuses what Cal.com refuses", () => {
  let t: Harness;
  beforeEach(async () => {
    t = await setUp();
  });
  afterEach(async () => {
    await t.close();
  });

  const call = (path: string, init: { method: string; version?: string | null; body?: unknown }) =>
    fetch(`${t.fake.url}${path}`, {
      method: init.method,
      headers: {
        authorization: `Bearer ${API_KEY}`,
        ...(init.version === null ? {} : { "cal-api-version": init.version ?? "2024-08-13" }),
        ...(init.body ? { "content-type": "application/json" } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as { error?: { code: string; message: string } } }));

  const booking = { start: NINE_AM, eventTypeId: EVENT_TYPE_ID, attendee: { name: "Alex Rivera", phoneNumber: "+12125550134", timeZone: "America/New_York" } };

  it("refuses unknown body fields, at the top and inside attendee", async () => {
    const top = await call("/v2/bookings", { method: "POST", body: { ...booking, notes: "hi" } });
    expect(top).toMatchObject({ status: 400, json: { error: { code: "BadRequestException", message: expect.stringContaining("property notes should not exist") } } });
    const nested = await call("/v2/bookings", { method: "POST", body: { ...booking, attendee: { ...booking.attendee, age: 40 } } });
    expect(nested.json.error?.message).toContain("property age should not exist");
    expect(t.fake.standing()).toHaveLength(0);
  });

  it("serves a missing or unknown cal-api-version as 2024-04-15, whose routes and bodies differ", async () => {
    expect((await call("/v2/bookings", { method: "POST", version: null, body: booking })).status).toBe(400);
    expect((await call("/v2/bookings", { method: "POST", version: "2024-09-04", body: booking })).status).toBe(400);
    expect((await call("/v2/slots/reservations", { method: "POST", version: "2024-08-13", body: { eventTypeId: EVENT_TYPE_ID, slotStart: NINE_AM } })).status).toBe(404);
    expect((await call(`/v2/slots?eventTypeId=${EVENT_TYPE_ID}&start=${NINE_AM}&end=${NINE_AM}`, { method: "GET", version: "2099-01-01" })).status).toBe(400);
    expect((await call("/v2/bookings", { method: "POST", body: booking })).status).toBe(201);
  });
});
