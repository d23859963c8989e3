import { randomBytes } from "node:crypto";
import type { Kv } from "../state/kv.js";
import type { Logger } from "../logging/logger.js";
import { maskInText } from "../logging/mask.js";
import { describeTurn, isUnanswered, type TurnRecord } from "./turn-event.js";
import type { InsightsStore } from "./insights-store.js";

/** The pipeline's side of insights: told about each turn, never in its way. */
export interface TurnRecorder {
  /** Records a turn in the background; returns at once and never throws. */
  record(record: TurnRecord): void;
}

/** A recording that has not finished in this time is dropped (the turn never waits for it). */
const RECORD_BUDGET_MS = 2000;
/** Most recordings in flight per process; beyond it (a stalled store) turns are simply not counted. */
const MAX_IN_FLIGHT = 200;
const SALT_KEY = "insights:salt";

/**
 * Records turn events in the background. The pipeline calls {@link record} after the replies
 * are decided (after the crisis reply is sent on its way): describing the event is pure and
 * cheap, writing it is not awaited, and a failed or slow store costs a log line, not a turn.
 */
export class InsightsRecorder implements TurnRecorder {
  private salt: Promise<string> | undefined;
  private saltValue: string | undefined;
  private inFlight = new Set<Promise<void>>();
  private dropped = 0;

  constructor(
    private readonly deps: { kv: Kv; store: InsightsStore; timeZone: string; logger: Logger },
  ) {}

  record(record: TurnRecord): void {
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      if (this.dropped++ % 100 === 0) this.deps.logger.warn({ dropped: this.dropped }, "insights: store too slow, turns not counted");
      return;
    }
    const done = this.write(record)
      .catch((err: unknown) => this.deps.logger.warn({ err }, "insights: turn not recorded"))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Resolves when every recording started so far has settled (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Describes and stores one turn, all within {@link RECORD_BUDGET_MS} (the salt read included). */
  private async write(record: TurnRecord): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A salt read that never came back must not hold every later recording: ask again next time.
        if (this.saltValue === undefined) this.salt = undefined;
        reject(new Error("insights write timed out"));
      }, RECORD_BUDGET_MS);
    });
    try {
      await Promise.race([this.store(record), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async store(record: TurnRecord): Promise<void> {
    const salt = await this.saltOnce();
    const event = describeTurn(record, { salt, timeZone: this.deps.timeZone });
    const unanswered = isUnanswered(event) && record.message.text.trim() !== "" ? { text: maskInText(record.message.text), closest: closestOf(record) } : undefined;
    await this.deps.store.record(event, record.message.id, unanswered);
  }

  /** One random salt per deployment, shared by every process through the store. */
  private saltOnce(): Promise<string> {
    this.salt ??= (async () => {
      await this.deps.kv.set(SALT_KEY, randomBytes(16).toString("base64url"), { nx: true });
      const salt = await this.deps.kv.get(SALT_KEY);
      if (!salt) throw new Error("insights salt missing");
      this.saltValue = salt;
      return salt;
    })().catch((err: unknown) => {
      this.salt = undefined;
      throw err;
    });
    return this.salt;
  }
}

/** The FAQ entries the matcher thought closest (best first), for the unanswered-questions page. */
function closestOf(record: TurnRecord): { id: string; score: number }[] {
  const match = record.match;
  if (!match) return [];
  const all = [...(match.best ? [match.best] : []), ...(match.suggestions ?? [])].filter((m) => m.kind === "faq");
  const seen = new Set<string>();
  return all.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true))).slice(0, 3).map((m) => ({ id: m.id, score: m.score }));
}
