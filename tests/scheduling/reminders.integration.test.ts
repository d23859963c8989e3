import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { createLogger } from "../../src/logging/logger.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import type { Kv } from "../../src/state/kv.js";
import { BuiltinScheduler } from "../../src/scheduling/builtin/builtin-scheduler.js";
import { ReminderQueue } from "../../src/scheduling/reminders/reminder-queue.js";
import { ReminderWorker } from "../../src/scheduling/reminders/reminder-worker.js";
import { bookingText } from "../../src/flows/booking/booking-text.js";
import { loadWording } from "../../src/templates.js";
import type { Booking, SchedulingAdapter } from "../../src/scheduling/scheduling-adapter.js";
import { connectTestClusterKv, connectTestKv, deleteClusterPrefix, deletePrefix, redisAvailable, redisClusterAvailable, testPrefix } from "../helpers/redis.js";
import { RecordingSms } from "../flows/recording-sms.js";
import { CONTRACT_NOW, contact } from "./scheduling.contract.js";
import { TestClock } from "./clock.js";

const clinic = loadClinicProfile(resolve("clinic/clinic.yaml"));
const logger = createLogger("silent");
const wording = loadWording({ clinicName: clinic.name, clinicPhone: clinic.phone, consultMinutes: clinic.consult.slotMinutes });
const available = await redisAvailable();
const clusterAvailable = await redisClusterAvailable();

async function book(scheduler: SchedulingAdapter, start: string, phone = "+12125550134"): Promise<Booking> {
  const held = await scheduler.hold(start);
  if (held.kind !== "held") throw new Error(held.kind);
  const booked = await scheduler.book(held.hold, contact(phone));
  if (booked.kind !== "booked") throw new Error(booked.kind);
  return booked.booking;
}

function worker(kv: Kv, scheduler: SchedulingAdapter, sms: RecordingSms, clock: TestClock) {
  const textOf = (r: { language: "en" | "es"; start: string; timeZone: string; phone: string }) => bookingText(wording[r.language]).reminderSms(r.start, r.timeZone, r.phone);
  return new ReminderWorker({ queue: new ReminderQueue(kv), scheduler, sms, logger, now: clock.now, textOf });
}

function suite(name: string, connect: () => Promise<{ kv: Kv; reconnect: () => Promise<Kv>; cleanup: () => Promise<void> }>) {
  describe(`reminders: ${name}`, () => {
    const opened: Kv[] = [];
    let cleanup = async () => {};
    afterEach(async () => {
      await cleanup();
      for (const kv of opened.splice(0)) await kv.close();
    });

    async function setUp() {
      const c = await connect();
      opened.push(c.kv);
      cleanup = c.cleanup;
      const clock = new TestClock(CONTRACT_NOW);
      const scheduler = new BuiltinScheduler(c.kv, clinic, clock.now);
      return { ...c, clock, scheduler };
    }

    it("sends one reminder an hour before the call, and only once", async () => {
      const { kv, clock, scheduler } = await setUp();
      const booking = await book(scheduler, "2026-11-23T21:00:00.000Z"); // 1:00 PM PT
      expect(await new ReminderQueue(kv).schedule(booking, 60, clock.now())).toBe(true);
      const sms = new RecordingSms();
      const w = worker(kv, scheduler, sms, clock);
      clock.set("2026-11-23T19:59:00Z");
      expect(await w.tick()).toBe(0);
      clock.set("2026-11-23T20:00:30Z");
      expect(await w.tick()).toBe(1);
      expect(await w.tick()).toBe(0);
      expect(sms.sent).toEqual([
        {
          to: "+12125550134",
          purpose: "reminder",
          body: "Reminder: your free consultation call is Mon, Nov 23 at 4:00 PM ET. We'll call you at (212) 555-0134. To change it, text us here or call (555) 010-0199.",
        },
      ]);
    });

    it("writes the reminder in the conversation's language (Spanish: luxon's Spanish dates)", async () => {
      const { kv, clock, scheduler } = await setUp();
      const booking = await book(scheduler, "2026-11-23T21:00:00.000Z");
      expect(await new ReminderQueue(kv).schedule(booking, 60, clock.now(), "es")).toBe(true);
      const sms = new RecordingSms();
      clock.set("2026-11-23T20:00:30Z");
      expect(await worker(kv, scheduler, sms, clock).tick()).toBe(1);
      expect(sms.sent[0]?.body).toBe(
        "Recordatorio: tu consulta gratis por telefono es el lunes 23 de noviembre a las 4:00 p. m. ET. Te llamaremos al (212) 555-0134. Para cambiarla, escribenos aqui o llama al (555) 010-0199.",
      );
    });

    it("fires once across several processes polling at the same moment", async () => {
      const { kv, reconnect, clock, scheduler } = await setUp();
      const booking = await book(scheduler, "2026-11-23T21:00:00.000Z");
      await new ReminderQueue(kv).schedule(booking, 60, clock.now());
      clock.set("2026-11-23T20:01:00Z");
      const others = await Promise.all([reconnect(), reconnect(), reconnect()]);
      opened.push(...others);
      const sms = new RecordingSms();
      const sent = await Promise.all([kv, ...others].map((k) => worker(k, new BuiltinScheduler(k, clinic, clock.now), sms, clock).tick()));
      expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
      expect(sms.sent).toHaveLength(1);
    });

    it("survives a restart: a reminder queued by one process is sent by the next", async () => {
      const { kv, reconnect, clock, scheduler } = await setUp();
      const booking = await book(scheduler, "2026-11-23T21:00:00.000Z");
      await new ReminderQueue(kv).schedule(booking, 60, clock.now());
      const restarted = await reconnect();
      opened.push(restarted);
      clock.set("2026-11-23T20:00:00Z");
      const sms = new RecordingSms();
      expect(await worker(restarted, new BuiltinScheduler(restarted, clinic, clock.now), sms, clock).tick()).toBe(1);
    });

    it("sends nothing for a call that was cancelled or moved after the reminder was queued", async () => {
      const { kv, clock, scheduler } = await setUp();
      const queue = new ReminderQueue(kv);
      const cancelled = await book(scheduler, "2026-11-23T21:00:00.000Z");
      const moved = await book(scheduler, "2026-11-23T21:30:00.000Z", "+13105550199");
      await queue.schedule(cancelled, 60, clock.now());
      await queue.schedule(moved, 60, clock.now());
      await scheduler.cancel(cancelled.id);
      const newHold = await scheduler.hold("2026-11-24T21:30:00.000Z");
      if (newHold.kind !== "held") throw new Error(newHold.kind);
      expect((await scheduler.reschedule(moved.id, newHold.hold)).kind).toBe("booked");
      clock.set("2026-11-23T20:45:00Z");
      const sms = new RecordingSms();
      expect(await worker(kv, scheduler, sms, clock).tick()).toBe(0);
      expect(sms.sent).toHaveLength(0);
    });

    it("keeps the reminder for the next poll while the scheduler cannot be reached", async () => {
      const { kv, clock, scheduler } = await setUp();
      const booking = await book(scheduler, "2026-11-23T21:00:00.000Z");
      await new ReminderQueue(kv).schedule(booking, 60, clock.now());
      clock.set("2026-11-23T20:00:00Z");
      const down = Object.assign(Object.create(scheduler) as SchedulingAdapter, { getBooking: async () => ({ kind: "unavailable", reason: "down" }) as const });
      const sms = new RecordingSms();
      expect(await worker(kv, down, sms, clock).tick()).toBe(0);
      expect(await worker(kv, scheduler, sms, clock).tick()).toBe(1);
    });

    it("skips a reminder for a call booked too close to remind, and people who declined texts", async () => {
      const { kv, clock, scheduler } = await setUp();
      const queue = new ReminderQueue(kv);
      const soon = await book(scheduler, "2026-11-23T17:00:00.000Z");
      clock.set("2026-11-23T16:45:00Z");
      expect(await queue.schedule(soon, 60, clock.now())).toBe(false);
      const noTexts = { ...(await book(scheduler, "2026-11-24T21:00:00.000Z")), textTo: null };
      expect(await queue.schedule(noTexts, 60, clock.now())).toBe(false);
    });
  });
}

suite("memory", async () => {
  const kv = new MemoryKv();
  return { kv, reconnect: async () => kv, cleanup: async () => {} };
});

describe.skipIf(!available)("redis", () => {
  suite("Redis", async () => {
    const prefix = testPrefix();
    const kv = await connectTestKv(prefix);
    return { kv, reconnect: () => connectTestKv(prefix), cleanup: () => deletePrefix(prefix) };
  });
});

describe.skipIf(!clusterAvailable)("redis cluster", () => {
  suite("Redis Cluster", async () => {
    const prefix = testPrefix();
    const kv = await connectTestClusterKv(prefix);
    return { kv, reconnect: () => connectTestClusterKv(prefix), cleanup: () => deleteClusterPrefix(prefix) };
  });
});
