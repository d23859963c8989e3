import { z } from "zod";
import type { Kv } from "../../state/kv.js";
import { keys } from "../../state/keys.js";
import type { Booking } from "../scheduling-adapter.js";
import { safeJson } from "../../util/safe-json.js";

const reminderSchema = z.object({
  bookingId: z.string(),
  to: z.string(),
  start: z.string(),
  timeZone: z.string(),
  phone: z.string(),
  dueAt: z.string(),
  /** The conversation's language: the reminder is written in it. */
  language: z.enum(["en", "es"]).default("en"),
});

/** A reminder text waiting to be sent. */
export type Reminder = z.output<typeof reminderSchema>;

/** Reminders are not worth sending this close to the call: the confirmation just went out. */
const MIN_NOTICE_MS = 20 * 60_000;
/** How long one process may take to send a claimed reminder before another may try. */
const LEASE_MS = 2 * 60_000;

/**
 * Reminder texts in the Store: a sorted set scored by due time plus one record per booking,
 * so they survive restarts. A reminder is claimed with SET NX before it is sent, so it goes
 * out once however many processes poll; a claim that was never completed (the process
 * died before sending) lapses after a lease and the reminder is tried again.
 */
export class ReminderQueue {
  constructor(private readonly kv: Kv) {}

  /** Schedules (or moves) the reminder of a booking; false when the call is too close for one. */
  async schedule(booking: Booking, minutesBefore: number, now: Date, language: "en" | "es" = "en"): Promise<boolean> {
    await this.cancel(booking.id);
    if (!booking.textTo) return false;
    const startMs = Date.parse(booking.start);
    if (startMs - now.getTime() < MIN_NOTICE_MS) return false;
    const dueMs = Math.max(now.getTime(), startMs - minutesBefore * 60_000);
    const reminder: Reminder = {
      bookingId: booking.id,
      to: booking.textTo,
      start: booking.start,
      timeZone: booking.timeZone,
      phone: booking.phone,
      dueAt: new Date(dueMs).toISOString(),
      language,
    };
    const ttlMs = startMs - now.getTime() + 86_400_000;
    await this.kv.set(keys.reminder(booking.id), JSON.stringify(reminder), { ttlMs });
    await this.kv.zadd(keys.reminderQueue(), dueMs, booking.id);
    return true;
  }

  async cancel(bookingId: string): Promise<void> {
    await this.kv.zrem(keys.reminderQueue(), bookingId);
    await this.kv.del(keys.reminder(bookingId));
  }

  /** Reminders due at `now`, oldest first. */
  async due(now: Date, limit = 20): Promise<Reminder[]> {
    const entries = await this.kv.zrangeByScore(keys.reminderQueue(), 0, now.getTime(), { limit });
    const out: Reminder[] = [];
    for (const { member } of entries) {
      const raw = await this.kv.get(keys.reminder(member));
      const parsed = raw === null ? null : reminderSchema.safeParse(safeJson(raw));
      if (parsed?.success) out.push(parsed.data);
      else await this.kv.zrem(keys.reminderQueue(), member); // the record expired: nothing to send
    }
    return out;
  }

  /** Claims a reminder for this process; false when another process has it (or sent it). */
  async claim(reminder: Reminder): Promise<boolean> {
    return this.kv.set(keys.reminderClaim(reminder.bookingId, reminder.start), "sending", { nx: true, ttlMs: LEASE_MS });
  }

  /** Gives a claim back so the reminder is tried again on a later poll. */
  async release(reminder: Reminder): Promise<void> {
    await this.kv.compareAndDelete(keys.reminderClaim(reminder.bookingId, reminder.start), "sending");
  }

  /** Marks a reminder handled (sent or not needed): it never goes out again. */
  async done(reminder: Reminder, now: Date): Promise<void> {
    const ttlMs = Math.max(60_000, Date.parse(reminder.start) + 86_400_000 - now.getTime());
    await this.kv.set(keys.reminderClaim(reminder.bookingId, reminder.start), "done", { ttlMs });
    // Only remove the entry if it was not moved meanwhile (a reschedule re-adds it with a new start).
    const current = await this.kv.get(keys.reminder(reminder.bookingId));
    const parsed = current === null ? null : reminderSchema.safeParse(safeJson(current));
    if (!parsed?.success || parsed.data.start === reminder.start) await this.cancel(reminder.bookingId);
  }
}
