import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Contact, Hold, SchedulingAdapter } from "../../src/scheduling/scheduling-adapter.js";

/** A scheduler under test, with the clock it sees and a way to make a hold run out. */
export interface SchedulerHarness {
  readonly scheduler: SchedulingAdapter;
  /** Moves the scheduler's clock forward. */
  advance(ms: number): void;
  /** Makes a hold lapse as its time to live would (and moves the clock past it). */
  expireHold(hold: Hold): Promise<void>;
  close(): Promise<void>;
}

/** Monday 23 Nov 2026, 8:00 AM in Los Angeles: the clinic opens at 9:00, lead time 60 min. */
export const CONTRACT_NOW = new Date("2026-11-23T16:00:00Z");

export const contact = (phone = "+12125550134", name = "Alex Rivera"): Contact => ({
  name,
  phone,
  timeZone: "America/New_York",
  textTo: phone,
  channel: "sms",
  conversationId: `sms:${phone}`,
});

const DAY = 86_400_000;

/**
 * The contract every {@link SchedulingAdapter} keeps, run against the built-in scheduler on
 * memory and on Redis, and against Cal.com (a fake server on 127.0.0.1).
 */
export function schedulingContract(name: string, make: () => Promise<SchedulerHarness>): void {
  describe(`SchedulingAdapter contract: ${name}`, () => {
    let h: SchedulerHarness;
    let s: SchedulingAdapter;
    beforeEach(async () => {
      h = await make();
      s = h.scheduler;
    });
    afterEach(async () => {
      await h.close();
    });

    async function slots(days = 3) {
      const out = await s.availableSlots({ from: CONTRACT_NOW, to: new Date(CONTRACT_NOW.getTime() + days * DAY) });
      if (out.kind !== "slots") throw new Error(`availableSlots: ${JSON.stringify(out)}`);
      return out.slots;
    }

    async function held(start: string): Promise<Hold> {
      const out = await s.hold(start);
      if (out.kind !== "held") throw new Error(`hold: ${JSON.stringify(out)}`);
      return out.hold;
    }

    it("lists the clinic's 15-minute slots, soonest first, none inside the lead time", async () => {
      const list = await slots();
      expect(list.length).toBeGreaterThan(20);
      // 9:00 AM Pacific is the first slot an hour after 8:00 AM.
      expect(list[0]).toEqual({ start: "2026-11-23T17:00:00.000Z", end: "2026-11-23T17:15:00.000Z" });
      const starts = list.map((x) => Date.parse(x.start));
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      expect(starts.every((ms) => ms >= CONTRACT_NOW.getTime() + 60 * 60_000)).toBe(true);
      // Lunch (12:00-13:00 PT = 20:00-21:00 UTC) is not offered.
      expect(list.some((x) => x.start === "2026-11-23T20:00:00.000Z")).toBe(false);
    });

    it("holds a slot: it leaves the list and nobody else can hold it", async () => {
      const [first] = await slots(1);
      const hold = await held(first!.start);
      expect(hold.start).toBe(first!.start);
      expect(hold.end).toBe(first!.end);
      expect(Date.parse(hold.expiresAt) - CONTRACT_NOW.getTime()).toBeGreaterThan(4 * 60_000);
      expect(Date.parse(hold.expiresAt) - CONTRACT_NOW.getTime()).toBeLessThanOrEqual(5 * 60_000 + 1000);
      expect((await slots(1)).some((x) => x.start === first!.start)).toBe(false);
      expect(await s.hold(first!.start)).toEqual({ kind: "slotTaken" });
    });

    it("books a held slot with the contact details, findable by phone and by id", async () => {
      const [, second] = await slots(1);
      const hold = await held(second!.start);
      const booked = await s.book(hold, contact());
      expect(booked.kind).toBe("booked");
      if (booked.kind !== "booked") return;
      expect(booked.booking).toMatchObject({ start: second!.start, end: second!.end, name: "Alex Rivera", phone: "+12125550134", timeZone: "America/New_York", textTo: "+12125550134" });
      expect((await slots(1)).some((x) => x.start === second!.start)).toBe(false);
      expect(await s.hold(second!.start)).toEqual({ kind: "slotTaken" });
      const found = await s.findByPhone("+12125550134");
      expect(found).toMatchObject({ kind: "found", bookings: [{ id: booked.booking.id, start: second!.start }] });
      expect(await s.findByPhone("+13105550199")).toEqual({ kind: "found", bookings: [] });
      expect(await s.getBooking(booked.booking.id)).toMatchObject({ kind: "found", booking: { id: booked.booking.id } });
    });

    it("refuses to book on a hold that ran out", async () => {
      const [first] = await slots(1);
      const hold = await held(first!.start);
      await h.expireHold(hold);
      expect(await s.book(hold, contact())).toEqual({ kind: "holdExpired" });
      expect(await s.findByPhone("+12125550134")).toEqual({ kind: "found", bookings: [] });
    });

    it("after a hold runs out someone else can take the slot, and the first person cannot", async () => {
      const later = (await slots(1))[8]!;
      const mine = await held(later.start);
      await h.expireHold(mine);
      const theirs = await held(later.start);
      expect((await s.book(theirs, contact("+13105550199", "Sam Lee"))).kind).toBe("booked");
      expect(["holdExpired", "slotTaken"]).toContain((await s.book(mine, contact())).kind);
      expect(await s.findByPhone("+12125550134")).toEqual({ kind: "found", bookings: [] });
    });

    it("a released hold frees the slot", async () => {
      const [first] = await slots(1);
      const hold = await held(first!.start);
      await s.releaseHold(hold);
      expect((await slots(1))[0]!.start).toBe(first!.start);
      expect((await s.hold(first!.start)).kind).toBe("held");
    });

    it("cancels a booking: the slot is free again and the booking is gone", async () => {
      const [first] = await slots(1);
      const booked = await s.book(await held(first!.start), contact());
      if (booked.kind !== "booked") throw new Error(booked.kind);
      const cancelled = await s.cancel(booked.booking.id);
      expect(cancelled).toMatchObject({ kind: "cancelled", booking: { id: booked.booking.id, start: first!.start } });
      expect((await slots(1))[0]!.start).toBe(first!.start);
      expect(await s.findByPhone("+12125550134")).toEqual({ kind: "found", bookings: [] });
      expect(await s.getBooking(booked.booking.id)).toEqual({ kind: "notFound" });
      expect(await s.cancel(booked.booking.id)).toEqual({ kind: "notFound" });
    });

    it("reschedules a booking to a newly held slot and frees the old one", async () => {
      const list = await slots(2);
      const [a, b] = [list[0]!, list[10]!];
      const booked = await s.book(await held(a.start), contact());
      if (booked.kind !== "booked") throw new Error(booked.kind);
      const moved = await s.reschedule(booked.booking.id, await held(b.start));
      expect(moved).toMatchObject({ kind: "booked", booking: { start: b.start, name: "Alex Rivera", phone: "+12125550134" } });
      if (moved.kind !== "booked") return;
      const after = await slots(2);
      expect(after.some((x) => x.start === a.start)).toBe(true);
      expect(after.some((x) => x.start === b.start)).toBe(false);
      expect(await s.findByPhone("+12125550134")).toMatchObject({ kind: "found", bookings: [{ id: moved.booking.id, start: b.start }] });
      expect(await s.reschedule("no-such-booking", await held(list[12]!.start))).toEqual({ kind: "notFound" });
    });

    it("never gives one slot to two people: 30 simultaneous hold-and-book attempts, one booking", async () => {
      const [first] = await slots(1);
      const attempts = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const hold = await s.hold(first!.start);
          if (hold.kind !== "held") return hold.kind;
          return (await s.book(hold.hold, contact(`+1212555${String(1000 + i)}`, `Person ${i}`))).kind;
        }),
      );
      expect(attempts.filter((k) => k === "booked")).toHaveLength(1);
      expect(attempts.filter((k) => k !== "booked").every((k) => k === "slotTaken")).toBe(true);
    });

    it("will not hold a time that is not a consult slot", async () => {
      // Saturday 28 Nov, 10:00 AM Pacific: the clinic is closed.
      expect(await s.hold("2026-11-28T18:00:00.000Z")).toEqual({ kind: "slotTaken" });
      // Thanksgiving (a holiday in the profile).
      const thanksgiving = [Date.parse("2026-11-26T17:00:00Z"), Date.parse("2026-11-27T01:00:00Z")];
      const list = await slots(5);
      expect(list.some((x) => Date.parse(x.start) >= thanksgiving[0]! && Date.parse(x.start) < thanksgiving[1]!)).toBe(false);
      expect(list.some((x) => x.start === "2026-11-27T17:00:00.000Z")).toBe(true);
    });

    it("keeps time zones straight: slots are wall-clock hours in the clinic's zone", async () => {
      const list = await slots(1);
      // 9:00 AM to 4:45 PM Pacific on Monday is 17:00 to 00:45 UTC.
      expect(list.at(-1)!.start).toBe("2026-11-24T00:45:00.000Z");
      expect(list).toHaveLength(28);
    });
  });
}
