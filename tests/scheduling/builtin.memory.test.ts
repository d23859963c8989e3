import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { keys } from "../../src/state/keys.js";
import { BuiltinScheduler } from "../../src/scheduling/builtin/builtin-scheduler.js";
import { CONTRACT_NOW, contact, schedulingContract } from "./scheduling.contract.js";
import { TestClock } from "./clock.js";
import type { Kv } from "../../src/state/kv.js";

const clinic = loadClinicProfile(resolve("clinic/clinic.yaml"));

schedulingContract("builtin on memory", async () => {
  const clock = new TestClock(CONTRACT_NOW);
  // The memory store shares the test clock, so a hold's time to live runs out when the clock moves.
  const kv = new MemoryKv(clock.nowMs);
  return {
    scheduler: new BuiltinScheduler(kv, clinic, clock.now),
    advance: (ms) => clock.advance(ms),
    expireHold: async () => clock.advance(clinic.consult.holdMinutes * 60_000 + 1),
    close: () => kv.close(),
  };
});

describe("builtin scheduler specifics", () => {
  it("gives each staff line its own booking: two lines, two bookings, then the slot is full", async () => {
    const clock = new TestClock(CONTRACT_NOW);
    const kv = new MemoryKv(clock.nowMs);
    const s = new BuiltinScheduler(kv, { ...clinic, consult: { ...clinic.consult, staffLines: 2 } }, clock.now);
    const start = "2026-11-23T17:00:00.000Z";
    const a = await s.hold(start);
    const b = await s.hold(start);
    if (a.kind !== "held" || b.kind !== "held") throw new Error("expected two holds");
    expect(await s.hold(start)).toEqual({ kind: "slotTaken" });
    expect((await s.book(a.hold, contact("+12125550001"))).kind).toBe("booked");
    expect((await s.book(b.hold, contact("+12125550002"))).kind).toBe("booked");
    const listed = await s.availableSlots({ from: CONTRACT_NOW, to: new Date(CONTRACT_NOW.getTime() + 3_600_000 * 2) });
    expect(listed.kind === "slots" && listed.slots.some((x) => x.start === start)).toBe(false);
  });

  it("holds expire after holdMinutes (the key carries the time to live)", async () => {
    const clock = new TestClock(CONTRACT_NOW);
    const kv = new MemoryKv(clock.nowMs);
    const s = new BuiltinScheduler(kv, clinic, clock.now);
    const held = await s.hold("2026-11-23T18:00:00.000Z");
    if (held.kind !== "held") throw new Error(held.kind);
    const ttl = await kv.pttl(keys.slotHold(held.hold.start, 1));
    expect(ttl).toBeGreaterThan(4 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    expect((await s.hold("2026-11-23T18:00:00.000Z")).kind).toBe("slotTaken");
    clock.advance(5 * 60_000 + 1);
    expect((await s.hold("2026-11-23T18:00:00.000Z")).kind).toBe("held");
  });

  it("reports the store failing as unavailable instead of throwing", async () => {
    const broken = new Proxy(new MemoryKv(), {
      get: (_target, prop) => (prop === "kind" ? "redis" : async () => Promise.reject(new Error("ECONNREFUSED"))),
    }) as Kv;
    const s = new BuiltinScheduler(broken, clinic, () => CONTRACT_NOW);
    expect((await s.availableSlots({ from: CONTRACT_NOW, to: new Date(CONTRACT_NOW.getTime() + 86_400_000) })).kind).toBe("unavailable");
    expect((await s.hold("2026-11-23T17:00:00.000Z")).kind).toBe("unavailable");
    expect((await s.findByPhone("+12125550134")).kind).toBe("unavailable");
  });
});
