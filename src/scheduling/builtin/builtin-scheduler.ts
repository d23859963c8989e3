import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Kv } from "../../state/kv.js";
import { keys } from "../../state/keys.js";
import type { Logger } from "../../logging/logger.js";
import { consultSlots, isConsultSlot, slotAt, type CalendarRules } from "../consult-calendar.js";
import type {
  BookOutcome,
  Booking,
  CancelOutcome,
  Contact,
  FindOutcome,
  GetOutcome,
  Hold,
  HoldOutcome,
  SchedulingAdapter,
  Slot,
  SlotsOutcome,
} from "../scheduling-adapter.js";
import { safeJson } from "../../util/safe-json.js";

const recordSchema = z.object({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  line: z.number().int().positive(),
  name: z.string(),
  phone: z.string(),
  timeZone: z.string(),
  textTo: z.string().nullable(),
  channel: z.enum(["web", "sms", "cli"]),
  conversationId: z.string(),
  createdAt: z.string(),
});
type BookingRecord = z.output<typeof recordSchema>;

export interface BuiltinSchedulerOptions {
  /** Booking records are kept this long after the call (matches transcript retention). */
  retentionMs?: number;
  logger?: Logger;
}

/**
 * The default scheduler: the clinic's consult hours from the profile, holds and bookings in
 * the Store. Each slot has `staffLines` lines; a line is held with SET NX PX (a random token)
 * and booked by a script that checks the token and creates the booking in one step
 * ({@link Kv.claimWithGuard}), so no two people, in any number of processes, get one line.
 */
export class BuiltinScheduler implements SchedulingAdapter {
  readonly kind = "builtin" as const;
  private readonly retentionMs: number;

  constructor(
    private readonly kv: Kv,
    private readonly rules: CalendarRules,
    private readonly now: () => Date = () => new Date(),
    private readonly options: BuiltinSchedulerOptions = {},
  ) {
    this.retentionMs = options.retentionMs ?? 30 * 86_400_000;
  }

  async availableSlots(range: { from: Date; to: Date }): Promise<SlotsOutcome> {
    return this.guarded("availableSlots", async () => {
      const candidates = consultSlots(this.rules, range, this.now());
      const lines = this.lines();
      const slotKeys = candidates.flatMap((s) => lines.flatMap((l) => [keys.slotHold(s.start, l), keys.slotBooking(s.start, l)]));
      const values = await mgetChunked(this.kv, slotKeys);
      const perSlot = lines.length * 2;
      const slots = candidates.filter((_, i) => {
        for (let l = 0; l < lines.length; l++) {
          if (values[i * perSlot + l * 2] === null && values[i * perSlot + l * 2 + 1] === null) return true;
        }
        return false;
      });
      return { kind: "slots", slots };
    });
  }

  async hold(slotStart: string): Promise<HoldOutcome> {
    return this.guarded("hold", async () => {
      const start = canonical(slotStart);
      if (!start || !isConsultSlot(this.rules, start, this.now())) return { kind: "slotTaken" };
      const ttlMs = this.rules.consult.holdMinutes * 60_000;
      for (const line of this.lines()) {
        if ((await this.kv.get(keys.slotBooking(start, line))) !== null) continue;
        const id = `${line}.${randomUUID()}`;
        if (!(await this.kv.set(keys.slotHold(start, line), id, { nx: true, ttlMs }))) continue;
        // Booked between the check and the hold: give the line back and try the next one.
        if ((await this.kv.get(keys.slotBooking(start, line))) !== null) {
          await this.kv.compareAndDelete(keys.slotHold(start, line), id);
          continue;
        }
        const slot = slotAt(Date.parse(start), this.rules.consult.slotMinutes);
        return { kind: "held", hold: { ...slot, id, expiresAt: new Date(this.now().getTime() + ttlMs).toISOString() } };
      }
      return { kind: "slotTaken" };
    });
  }

  async releaseHold(hold: Hold): Promise<void> {
    const line = lineOf(hold.id);
    if (line === null) return;
    await this.kv.compareAndDelete(keys.slotHold(hold.start, line), hold.id).catch((err: unknown) => {
      // A hold that cannot be released expires by itself within minutes.
      this.options.logger?.warn({ err }, "scheduler: releasing a hold failed");
    });
  }

  async book(hold: Hold, contact: Contact): Promise<BookOutcome> {
    return this.guarded("book", async () => {
      const line = lineOf(hold.id);
      if (line === null) return { kind: "holdExpired" };
      const record: BookingRecord = {
        id: randomUUID(),
        start: hold.start,
        end: hold.end,
        line,
        ...pickContact(contact),
        createdAt: this.now().toISOString(),
      };
      const ttlMs = this.ttlFor(record);
      // Record and index first: the slot key decides whether the booking stands, so a
      // record whose claim failed (or a crash in between) is never shown as a booking.
      await this.kv.set(keys.booking(record.id), JSON.stringify(record), { ttlMs });
      await this.kv.zadd(keys.bookingsByPhone(record.phone), Date.parse(record.start), record.id);
      const claim = await this.kv.claimWithGuard(keys.slotHold(hold.start, line), hold.id, keys.slotBooking(hold.start, line), record.id, { ttlMs });
      if (claim === "claimed") return { kind: "booked", booking: toBooking(record) };
      await this.kv.del(keys.booking(record.id));
      await this.kv.zrem(keys.bookingsByPhone(record.phone), record.id);
      return claim === "exists" ? { kind: "slotTaken" } : { kind: "holdExpired" };
    });
  }

  async cancel(bookingId: string): Promise<CancelOutcome> {
    return this.guarded("cancel", async () => {
      const record = await this.standing(bookingId);
      if (!record) return { kind: "notFound" };
      if (!(await this.kv.compareAndDelete(keys.slotBooking(record.start, record.line), record.id))) return { kind: "notFound" };
      await this.kv.del(keys.booking(record.id));
      await this.kv.zrem(keys.bookingsByPhone(record.phone), record.id);
      return { kind: "cancelled", booking: toBooking(record) };
    });
  }

  async reschedule(bookingId: string, hold: Hold): Promise<BookOutcome | { readonly kind: "notFound" }> {
    return this.guarded("reschedule", async () => {
      const record = await this.standing(bookingId);
      if (!record) return { kind: "notFound" };
      const line = lineOf(hold.id);
      if (line === null) return { kind: "holdExpired" };
      const moved: BookingRecord = { ...record, start: hold.start, end: hold.end, line };
      const ttlMs = this.ttlFor(moved);
      const claim = await this.kv.claimWithGuard(keys.slotHold(hold.start, line), hold.id, keys.slotBooking(hold.start, line), record.id, { ttlMs });
      if (claim !== "claimed") return claim === "exists" ? { kind: "slotTaken" } : { kind: "holdExpired" };
      if (record.start !== moved.start || record.line !== moved.line) {
        await this.kv.compareAndDelete(keys.slotBooking(record.start, record.line), record.id);
      }
      await this.kv.set(keys.booking(record.id), JSON.stringify(moved), { ttlMs });
      await this.kv.zadd(keys.bookingsByPhone(record.phone), Date.parse(moved.start), record.id);
      return { kind: "booked", booking: toBooking(moved) };
    });
  }

  async findByPhone(phoneE164: string): Promise<FindOutcome> {
    return this.guarded("findByPhone", async () => {
      const nowMs = this.now().getTime();
      const entries = await this.kv.zrangeByScore(keys.bookingsByPhone(phoneE164), nowMs, Number.POSITIVE_INFINITY, { limit: 20 });
      const bookings: Booking[] = [];
      for (const { member } of entries) {
        const record = await this.standing(member);
        if (record) bookings.push(toBooking(record));
        else await this.kv.zrem(keys.bookingsByPhone(phoneE164), member);
      }
      return { kind: "found", bookings: bookings.sort((a, b) => a.start.localeCompare(b.start)) };
    });
  }

  async getBooking(bookingId: string): Promise<GetOutcome> {
    return this.guarded("getBooking", async () => {
      const record = await this.standing(bookingId);
      return record ? { kind: "found", booking: toBooking(record) } : { kind: "notFound" };
    });
  }

  /** The record of a booking whose slot still holds it (not cancelled, not moved away). */
  private async standing(bookingId: string): Promise<BookingRecord | null> {
    const raw = await this.kv.get(keys.booking(bookingId));
    if (raw === null) return null;
    const parsed = recordSchema.safeParse(safeJson(raw));
    if (!parsed.success) return null;
    const holder = await this.kv.get(keys.slotBooking(parsed.data.start, parsed.data.line));
    return holder === bookingId ? parsed.data : null;
  }

  private lines(): number[] {
    return Array.from({ length: this.rules.consult.staffLines }, (_, i) => i + 1);
  }

  private ttlFor(slot: Slot): number {
    return Math.max(60_000, Date.parse(slot.end) - this.now().getTime() + this.retentionMs);
  }

  /** The store failing (Redis down or slow) is "the scheduler is unavailable", not a crash. */
  private async guarded<T>(operation: string, fn: () => Promise<T>): Promise<T | { kind: "unavailable"; reason: string }> {
    try {
      return await fn();
    } catch (err) {
      this.options.logger?.error({ err, operation }, "scheduler: store failed");
      return { kind: "unavailable", reason: `store failed during ${operation}` };
    }
  }
}

function pickContact(c: Contact): Contact {
  return { name: c.name, phone: c.phone, timeZone: c.timeZone, textTo: c.textTo, channel: c.channel, conversationId: c.conversationId };
}

function toBooking(r: BookingRecord): Booking {
  const { line: _line, ...booking } = r;
  return booking;
}

function lineOf(holdId: string): number | null {
  const line = Number(holdId.split(".", 1)[0]);
  return Number.isInteger(line) && line > 0 ? line : null;
}

function canonical(iso: string): string | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

async function mgetChunked(kv: Kv, all: readonly string[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (let i = 0; i < all.length; i += 500) out.push(...(await kv.mget(all.slice(i, i + 500))));
  return out;
}
