import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Kv } from "../state/kv.js";
import { conversationStages, turnCounters } from "./metrics.js";
import { isUnanswered, turnEventSchema, type TurnEvent, type UnansweredQuestion } from "./turn-event.js";
import type { ReportChannel } from "./catalogue.js";
import { safeJson } from "../util/safe-json.js";

/**
 * Insights keys. One day's keys share the hash tag `{day}`, so a day's counters are read with
 * one MGET even on a Redis Cluster.
 */
export const insightKeys = {
  counter: (day: string, channel: string, name: string) => `insights:{${day}}:${channel}:${name}`,
  once: (day: string, channel: string, stage: string, conv: string) => `insights:{${day}}:${channel}:once:${stage}:${conv}`,
  turn: (day: string, turnHash: string) => `insights:{${day}}:turn:${turnHash}`,
  events: (day: string) => `insights:{${day}}:events`,
  unanswered: () => "insights:unanswered",
} as const;

const unansweredSchema = z.object({
  id: z.string(),
  at: z.string(),
  day: z.string(),
  channel: z.enum(["web", "sms", "cli"]),
  text: z.string().max(500),
  closest: z.array(z.object({ id: z.string(), score: z.number() })).max(5),
});
/** A stored unanswered question (masked text). */
export type StoredUnanswered = z.output<typeof unansweredSchema>;

/** Events kept per day (a busy clinic's day is a few thousand turns). */
const MAX_EVENTS_PER_DAY = 50_000;
/** Unanswered questions kept, newest last. */
const MAX_UNANSWERED = 2_000;

/**
 * Turn events and daily counters in the store (memory, Redis or Redis Cluster). Counters are
 * plain INCRs, so every process adds to the same numbers and they survive restarts; a turn is
 * counted once (a marker keyed by its message id), a conversation stage once per day.
 * Everything expires after INSIGHTS_RETENTION_DAYS.
 */
export class InsightsStore {
  constructor(
    private readonly kv: Kv,
    readonly retentionMs: number,
  ) {}

  /** Counts one turn; false when this message was already counted (a retry, another process). */
  async record(event: TurnEvent, messageId: string, unanswered?: UnansweredQuestion): Promise<boolean> {
    const ttlMs = this.retentionMs;
    const turnHash = createHash("sha256").update(messageId).digest("base64url").slice(0, 22);
    // One round trip for the turn's marker and counters (a day's keys share the hash tag {day}):
    // a retried message finds its marker and counts nothing.
    // One round trip, one atomic step (a day's keys share the hash tag {day}): the turn's marker,
    // its counters, each conversation stage's counter (once per conversation) and the event line.
    // A retried message finds its marker and counts nothing.
    const counted = await this.kv.countOnce({
      marker: { key: insightKeys.turn(event.day, turnHash), ttlMs: 2 * 86_400_000 },
      counters: [
        ...turnCounters(event).map((name) => ({ key: insightKeys.counter(event.day, event.channel, name), ttlMs })),
        ...conversationStages(event).map((stage) => ({
          key: insightKeys.counter(event.day, event.channel, `conv:${stage}`),
          ttlMs,
          onceKey: insightKeys.once(event.day, event.channel, stage, event.conv),
          onceTtlMs: ttlMs,
        })),
      ],
      append: { key: insightKeys.events(event.day), value: JSON.stringify(event), maxLength: MAX_EVENTS_PER_DAY, ttlMs },
    });
    if (!counted) return false;
    if (unanswered && isUnanswered(event)) {
      const entry: StoredUnanswered = { id: randomUUID(), at: event.at, day: event.day, channel: event.channel, text: unanswered.text.slice(0, 500), closest: unanswered.closest.slice(0, 5).map((c) => ({ ...c })) };
      await this.kv.listPush(insightKeys.unanswered(), [JSON.stringify(entry)], { maxLength: MAX_UNANSWERED, ttlMs });
    }
    return true;
  }

  /** Counter values for each day and channel: `result[day][channel][name]`. */
  async counters(days: readonly string[], channels: readonly ReportChannel[], names: readonly string[]): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    await Promise.all(
      days.flatMap((day) =>
        channels.map(async (channel) => {
          const values = await this.kv.mget(names.map((n) => insightKeys.counter(day, channel, n)));
          values.forEach((v, i) => {
            if (v === null) return;
            const name = names[i]!;
            totals.set(name, (totals.get(name) ?? 0) + Number(v));
          });
        }),
      ),
    );
    return totals;
  }

  /** The events of one day, oldest first (invalid lines skipped). */
  async events(day: string): Promise<TurnEvent[]> {
    const raw = await this.kv.listRange(insightKeys.events(day), 0, -1);
    return raw.flatMap((line) => {
      const parsed = turnEventSchema.safeParse(safeJson(line));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Unanswered questions, newest first, from the given days. */
  async unanswered(options: { days?: ReadonlySet<string>; channels?: readonly ReportChannel[]; limit?: number } = {}): Promise<StoredUnanswered[]> {
    const raw = await this.kv.listRange(insightKeys.unanswered(), -(options.limit ?? MAX_UNANSWERED), -1);
    const out: StoredUnanswered[] = [];
    for (let i = raw.length - 1; i >= 0; i--) {
      const parsed = unansweredSchema.safeParse(safeJson(raw[i] ?? ""));
      if (!parsed.success) continue;
      if (options.days && !options.days.has(parsed.data.day)) continue;
      if (options.channels && !options.channels.includes(parsed.data.channel)) continue;
      out.push(parsed.data);
    }
    return out;
  }
}
