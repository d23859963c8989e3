import { z } from "zod";
import type { Kv } from "../state/kv.js";
import { keys } from "../state/keys.js";
import { CALL_STATUSES, type BookingLookup, type BookingSummary, type StaffMark } from "./booking-lookup.js";
import type { Booking } from "./scheduling-adapter.js";

const summarySchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  startsAt: z.string(),
  status: z.enum(CALL_STATUSES),
  channel: z.string().optional(),
  name: z.string().optional(),
  phone: z.string().optional(),
  timeZone: z.string().optional(),
  textTo: z.string().nullable().optional(),
  markedBy: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** Statuses the booking dialog and the console's cancel and move write. */
export type LedgerStatus = "booked" | "moved" | "cancelled" | "rescheduled";

/** What changed on the ledger; listeners alert staff and refresh open consoles. */
export interface LedgerChange {
  readonly summary: BookingSummary;
  readonly previous: BookingSummary | null;
}

/** Statuses that are never listed as calls to make. */
const NOT_A_CALL = new Set<string>(["cancelled", "rescheduled"]);

/**
 * What the staff console shows of bookings made through the bot: time, status, channel,
 * conversation, and the name and callback number staff need to make the call. Written by the
 * booking dialog whichever scheduler is configured; summaries expire with the transcript
 * retention after the call. Every change is passed to the listener (alerts, live console).
 */
export class BookingLedger implements BookingLookup {
  private readonly listeners: ((change: LedgerChange) => void)[] = [];

  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Called after every change; a listener must not throw (its errors are its own). */
  onChange(listener: (change: LedgerChange) => void): void {
    this.listeners.push(listener);
  }

  async record(
    booking: Pick<Booking, "id" | "conversationId" | "start" | "channel"> & Partial<Pick<Booking, "name" | "phone" | "timeZone" | "textTo">>,
    status: LedgerStatus,
  ): Promise<void> {
    const previous = await this.get(booking.id);
    const summary: z.output<typeof summarySchema> = {
      id: booking.id,
      conversationId: booking.conversationId,
      startsAt: booking.start,
      status,
      channel: booking.channel,
      ...pick(booking.name ?? previous?.name, "name"),
      ...pick(booking.phone ?? previous?.phone, "phone"),
      ...pick(booking.timeZone ?? previous?.timeZone, "timeZone"),
      ...(booking.textTo !== undefined ? { textTo: booking.textTo } : previous?.textTo !== undefined ? { textTo: previous.textTo } : {}),
      updatedAt: this.now().toISOString(),
    };
    await this.write(summary);
    await this.kv.zadd(keys.bookingLedger(), Date.parse(booking.start), booking.id);
    if (status !== "rescheduled") await this.kv.set(keys.conversationBooking(booking.conversationId), booking.id, { ttlMs: this.ttlOf(summary) });
    this.emit({ summary, previous });
  }

  async mark(id: string, status: StaffMark, staff: string): Promise<BookingSummary | null> {
    const previous = await this.get(id);
    if (!previous) return null;
    const summary: BookingSummary = { ...previous, status, markedBy: staff, updatedAt: this.now().toISOString() };
    await this.write(summary);
    this.emit({ summary, previous });
    return summary;
  }

  async get(id: string): Promise<BookingSummary | null> {
    return parse(await this.kv.get(keys.bookingSummary(id)));
  }

  async findByConversation(conversationId: string): Promise<BookingSummary | null> {
    const id = await this.kv.get(keys.conversationBooking(conversationId));
    if (id === null) return null;
    return this.get(id);
  }

  async upcoming(from: Date, limit: number): Promise<readonly BookingSummary[]> {
    // Cancelled and moved-away calls share the index; read past them so `limit` calls are returned.
    const entries = await this.kv.zrangeByScore(keys.bookingLedger(), from.getTime(), Number.POSITIVE_INFINITY, { limit: limit * 2 + 20 });
    const raws = await this.kv.mget(entries.map((e) => keys.bookingSummary(e.member)));
    const gone = entries.filter((_, i) => raws[i] === null).map((e) => e.member);
    if (gone.length > 0) await this.kv.zrem(keys.bookingLedger(), ...gone);
    return raws
      .map(parse)
      .filter((s): s is BookingSummary => s !== null && !NOT_A_CALL.has(s.status))
      .slice(0, limit);
  }

  private ttlOf(summary: Pick<BookingSummary, "startsAt">): number {
    return Math.max(60_000, Date.parse(summary.startsAt) - this.now().getTime() + this.retentionMs);
  }

  private async write(summary: BookingSummary): Promise<void> {
    await this.kv.set(keys.bookingSummary(summary.id), JSON.stringify(summary), { ttlMs: this.ttlOf(summary) });
  }

  private emit(change: LedgerChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function pick<K extends string>(value: string | undefined, key: K): { [P in K]?: string } {
  return (value !== undefined ? { [key]: value } : {}) as { [P in K]?: string };
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
