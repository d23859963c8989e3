/**
 * The cost of insights event recording per turn (src/insights/), measured alone and small:
 *  1. describing a turn as an event (pure, CPU): per event;
 *  2. writing it to Redis (the counters, the once-per-conversation markers, the event list):
 *     per turn, one after the other, so the figure is the store's round trips, not throughput;
 *  3. whole turns through the pipeline on Redis, with and without the recorder: what a person waits.
 *
 *   npx tsx bench/events.ts            (REDIS_URL, default redis://127.0.0.1:6379; also called by `npm run bench`)
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createClient } from "redis";
import { parseConfig } from "../src/config.js";
import { createCore } from "../src/app.js";
import { loadContent } from "../src/content.js";
import { createLogger } from "../src/logging/logger.js";
import { RedisKv } from "../src/state/redis/redis-kv.js";
import { InsightsStore } from "../src/insights/insights-store.js";
import { describeTurn, type TurnRecord } from "../src/insights/turn-event.js";
import { createTurnHandler } from "../src/pipeline/turn.js";
import type { InboundMessage } from "../src/domain/message.js";

const QUESTIONS = ["what are the side effects?", "how long does a session take", "how much does it cost", "do you validate parking for the garage", "is it safe", "how fast does it work"];

export interface EventCostRow {
  readonly measure: string;
  readonly n: number;
  readonly "median ms": number;
  readonly "p99 ms": number;
}

function stats(measure: string, ms: number[]): EventCostRow {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]! * 1000) / 1000;
  return { measure, n: ms.length, "median ms": at(0.5), "p99 ms": at(0.99) };
}

const message = (text: string, conversation: string = randomUUID()): InboundMessage => ({ id: randomUUID(), conversationId: `web:${conversation}`, channel: "web", senderId: conversation, text, receivedAt: new Date() });

export async function measureEventRecording(options: { redisUrl: string; prefix: string; turns?: number }): Promise<EventCostRow[]> {
  const turns = options.turns ?? 300;
  const rows: EventCostRow[] = [];

  // 1. Describing a turn (what runs for every turn, off the reply's path).
  const record: TurnRecord = { message: message("what are the side effects?"), verdict: { kind: "ok" }, turnNumber: 2, replies: [{ kind: "answer", text: "x", intent: "faq", faqId: "side-effects" }] };
  for (let i = 0; i < 2000; i++) describeTurn(record, { salt: "s", timeZone: "America/Los_Angeles" });
  const describe: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t0 = performance.now();
    describeTurn(record, { salt: "s", timeZone: "America/Los_Angeles" });
    describe.push(performance.now() - t0);
  }
  rows.push(stats("describe a turn (CPU)", describe));

  // 2. Writing events to Redis, one turn at a time.
  const kv = await RedisKv.connect({ url: options.redisUrl, prefix: options.prefix, commandTimeoutMs: 2000 });
  try {
    const store = new InsightsStore(kv, 86_400_000);
    const writes: number[] = [];
    for (let i = 0; i < turns; i++) {
      const event = describeTurn({ ...record, message: message(QUESTIONS[i % QUESTIONS.length]!, `c${i % 50}`) }, { salt: "s", timeZone: "America/Los_Angeles" });
      const t0 = performance.now();
      await store.record(event, randomUUID());
      writes.push(performance.now() - t0);
    }
    rows.push(stats("write one turn's event to Redis", writes));
  } finally {
    await kv.close();
  }

  // 3. Whole turns on Redis, with and without the recorder (interleaved, so load affects both alike).
  const config = parseConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", REDIS_URL: options.redisUrl, REDIS_KEY_PREFIX: `${options.prefix}turns:`, RATE_LIMIT_PER_MINUTE: "1000000" });
  const core = await createCore(config, loadContent(config), { logger: createLogger("silent") });
  try {
    const withRecorder = core.turn;
    const without = createTurnHandler({ ...core.services, insights: undefined });
    const timed = { with: [] as number[], without: [] as number[] };
    for (let i = 0; i < 20; i++) await (await withRecorder(message(QUESTIONS[i % QUESTIONS.length]!))).background;
    for (let i = 0; i < turns; i++) {
      for (const [name, turn] of [["with", withRecorder], ["without", without]] as const) {
        const t0 = performance.now();
        await turn(message(QUESTIONS[i % QUESTIONS.length]!));
        timed[name].push(performance.now() - t0);
      }
    }
    await core.insights.stop();
    rows.push(stats("whole turn on Redis, without insights", timed.without));
    rows.push(stats("whole turn on Redis, with insights", timed.with));
  } finally {
    await core.spool.stop();
    await core.kv.close();
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `bench:events:${randomBytes(4).toString("hex")}:`;
  try {
    console.table(await measureEventRecording({ redisUrl, prefix }));
  } finally {
    const client = createClient({ url: redisUrl });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await client.del(keys);
    await client.close();
  }
  process.exit(0);
}
