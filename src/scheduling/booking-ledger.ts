import { z } from "zod";
import type { Kv } from "../state/kv.js";
import { keys } from "../state/keys.js";
import type { BookingLookup, BookingSummary } from "./booking-lookup.js";
import type { Booking } from "./scheduling-adapter.js";

const summarySchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  startsAt: z.string(),
  status: z.enum(["booked", "cancelled", "rescheduled"]),
  channel: z.string().optional(),
});

/**
 * What the staff console shows of bookings made through the bot: time, status, channel and
 * conversation, never the name or number. Written by the booking dialog whichever scheduler
 * is configured; summaries expire with the transcript retention after the call.
 */
export class BookingLedger implements BookingLookup {
  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(booking: Pick<Booking, "id" | "conversationId" | "start" | "channel">, status: "booked" | "cancelled" | "rescheduled"): Promise<void> {
    const summary: z.output<typeof summarySchema> = { id: booking.id, conversationId: booking.conversationId, startsAt: booking.start, status, channel: booking.channel };
    const ttlMs = Math.max(60_000, Date.parse(booking.start) - this.now().getTime() + this.retentionMs);
    await this.kv.set(keys.bookingSummary(booking.id), JSON.stringify(summary), { ttlMs });
    await this.kv.zadd(keys.bookingLedger(), Date.parse(booking.start), booking.id);
    await this.kv.set(keys.conversationBooking(booking.conversationId), booking.id, { ttlMs });
  }

  async findByConversation(conversationId: string): Promise<BookingSummary | null> {
    const id = await this.kv.get(keys.conversationBooking(conversationId));
    if (id === null) return null;
    return parse(await this.kv.get(keys.bookingSummary(id)));
  }

  async upcoming(from: Date, limit: number): Promise<readonly BookingSummary[]> {
    const entries = await this.kv.zrangeByScore(keys.bookingLedger(), from.getTime(), Number.POSITIVE_INFINITY, { limit });
    const raws = await this.kv.mget(entries.map((e) => keys.bookingSummary(e.member)));
    const gone = entries.filter((_, i) => raws[i] === null).map((e) => e.member);
    if (gone.length > 0) await this.kv.zrem(keys.bookingLedger(), ...gone);
    return raws.map(parse).filter((s): s is BookingSummary => s !== null);
  }
}

function parse(raw: string | null): BookingSummary | null {
  if (raw === null) return null;
  try {
    const parsed = summarySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
