import { DateTime } from "luxon";
import type { Logger } from "../logging/logger.js";
import type { Store } from "../state/store.js";
import type { BookingLookup } from "../scheduling/booking-lookup.js";

/** What open console pages watch: a fingerprint per topic and the urgent handoffs nobody claimed yet. */
export interface FeedState {
  readonly queue: string;
  readonly bookings: string;
  readonly urgent: number;
}

export type FeedTopic = "queue" | "bookings";

/** Sent to a page: which topics changed, and the urgent count for the title badge. */
export interface FeedEvent {
  readonly topics: readonly FeedTopic[];
  readonly urgent: number;
}

/** How often the store is looked at while at least one console page is open. */
const POLL_MS = 1500;

/**
 * Live updates for open console pages. While anyone listens, one loop per process reads the
 * queue and the call list from the store and tells every listener what changed. Reading the
 * store (rather than hooking every writer) catches changes made by any process, the crisis
 * spool's late writes and expiries alike; `poke` makes a change made here show at once.
 */
export class ConsoleFeed {
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private last: FeedState | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(
    private readonly read: () => Promise<FeedState>,
    private readonly logger: Logger,
    private readonly pollMs = POLL_MS,
  ) {}

  /** Listens until the returned function is called. */
  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => this.poke(), this.pollMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** The state now (each new page gets it first, for its title badge). */
  async current(): Promise<FeedState> {
    this.last ??= await this.read();
    return this.last;
  }

  /** Looks at the store now; a look already running is not doubled. */
  poke(): void {
    if (this.listeners.size === 0 || this.running) return;
    this.running = this.check()
      .catch((err: unknown) => this.logger.warn({ err }, "console feed: the store did not answer"))
      .finally(() => {
        this.running = null;
      });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.last = null;
  }

  private async check(): Promise<void> {
    const next = await this.read();
    const prev = this.last;
    this.last = next;
    if (!prev) return;
    const topics: FeedTopic[] = [];
    if (prev.queue !== next.queue || prev.urgent !== next.urgent) topics.push("queue");
    if (prev.bookings !== next.bookings) topics.push("bookings");
    if (topics.length === 0) return;
    const event: FeedEvent = { topics, urgent: next.urgent };
    for (const listener of this.listeners) listener(event);
  }
}

/** The queue's and the call list's fingerprints, read from the store. */
export async function consoleFeedState(store: Pick<Store, "handoffs">, bookings: BookingLookup, clinicZone: string, now: Date): Promise<FeedState> {
  const from = DateTime.fromJSDate(now).setZone(clinicZone).startOf("day").toJSDate();
  const [handoffs, calls] = await Promise.all([store.handoffs.queue("active"), bookings.upcoming(from, 200)]);
  return {
    queue: handoffs.map((h) => `${h.id}:${h.status}:${h.urgency}:${h.updatedAt}`).join("|"),
    bookings: calls.map((b) => `${b.id}:${b.status}:${b.updatedAt ?? ""}`).join("|"),
    urgent: handoffs.filter((h) => h.urgency === "urgent" && h.status === "open").length,
  };
}
