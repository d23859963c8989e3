import type { TranscriptEntry } from "../domain/transcript.js";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";

/** Keeps the newest lines of a long conversation; older ones are dropped. */
const MAX_LINES = 2000;

/** Both sides of every conversation, with times and channel, kept for the retention period. */
export class TranscriptRepo {
  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
  ) {}

  async append(conversationId: string, entries: readonly TranscriptEntry[]): Promise<void> {
    // A kept transcript (no TTL) stays kept; otherwise every new line restarts the retention clock.
    await this.kv.listPush(
      keys.transcript(conversationId),
      entries.map((e) => JSON.stringify(e)),
      { maxLength: MAX_LINES, ttlMs: this.retentionMs, keepPersistent: true },
    );
  }

  async list(conversationId: string): Promise<TranscriptEntry[]> {
    const raw = await this.kv.listRange(keys.transcript(conversationId), 0, -1);
    return raw.flatMap((line) => {
      try {
        return [JSON.parse(line) as TranscriptEntry];
      } catch {
        return [];
      }
    });
  }

  /** Keep for good (a staff member chose to keep it), or back to the retention period. */
  async setKept(conversationId: string, kept: boolean): Promise<void> {
    await this.kv.expire(keys.transcript(conversationId), kept ? null : this.retentionMs);
  }
}
