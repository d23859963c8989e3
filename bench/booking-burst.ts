/**
 * A booking burst for `npm run bench`: many people try to book the same few slots at once,
 * through the built-in scheduler on the real Redis. Every slot must be booked exactly once.
 */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { loadClinicProfile } from "../src/clinic/profile.js";
import { RedisKv } from "../src/state/redis/redis-kv.js";
import { BuiltinScheduler } from "../src/scheduling/builtin/builtin-scheduler.js";

export interface BurstResult {
  readonly attempts: number;
  readonly slots: number;
  readonly booked: number;
  readonly slotTaken: number;
  readonly ms: number;
}

export async function runBookingBurst(options: { redisUrl: string; prefix: string; attempts: number; slots: number }): Promise<BurstResult> {
  const clinic = loadClinicProfile(resolve(import.meta.dirname, "../clinic/clinic.yaml"));
  const kv = await RedisKv.connect({ url: options.redisUrl, prefix: options.prefix, commandTimeoutMs: 2000 });
  try {
    const scheduler = new BuiltinScheduler(kv, { ...clinic, consult: { ...clinic.consult, staffLines: 1 } });
    const now = new Date();
    const open = await scheduler.availableSlots({ from: now, to: new Date(now.getTime() + 14 * 86_400_000) });
    if (open.kind !== "slots" || open.slots.length < options.slots) throw new Error("not enough open slots for the burst");
    const targets = open.slots.slice(0, options.slots);
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: options.attempts }, async (_, i) => {
        const slot = targets[i % targets.length]!;
        const held = await scheduler.hold(slot.start);
        if (held.kind !== "held") return held.kind;
        const phone = `+1555${String(2_000_000 + i)}`;
        const booked = await scheduler.book(held.hold, { name: `Bench ${i}`, phone, timeZone: clinic.timeZone, textTo: null, channel: "web", conversationId: `web:${randomUUID()}` });
        return booked.kind;
      }),
    );
    return {
      attempts: options.attempts,
      slots: options.slots,
      booked: outcomes.filter((o) => o === "booked").length,
      slotTaken: outcomes.filter((o) => o === "slotTaken").length,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await kv.close();
  }
}
