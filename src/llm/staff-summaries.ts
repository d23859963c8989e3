import { z } from "zod";
import type { Kv } from "../state/kv.js";
import { keys } from "../state/keys.js";
import type { TranscriptRepo } from "../state/transcripts.js";
import type { Logger } from "../logging/logger.js";
import type { MachineSummary, TranscriptSummarizer } from "./summarizer.js";

/** A summary as the console shows it: the text, how many transcript lines it covers, and when it was written. */
export interface StoredSummary extends MachineSummary {
  readonly coversLines: number;
  readonly at: string;
}

const storedSchema = z.object({ text: z.string().min(1), coversLines: z.number().int().min(0), at: z.iso.datetime() });

/** A conversation still moving on is summarised again at most this often (each summary sends the transcript and costs tokens). */
const REFRESH_AFTER_MS = 60_000;

/**
 * Summaries for the staff console, kept in the store beside the conversation so that opening a
 * page twice does not send the transcript twice. A new summary is made when the transcript has
 * grown and the last one is over a minute old. Null when summaries are off or unavailable.
 */
export class StaffSummaries {
  constructor(
    private readonly kv: Kv,
    private readonly transcripts: TranscriptRepo,
    private readonly summarizer: TranscriptSummarizer,
    private readonly retentionMs: number,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    /** The names the conversation state knows (booking name, introductions), removed before sending. */
    private readonly namesOf: (conversationId: string) => Promise<readonly string[]> = async () => [],
  ) {}

  get enabled(): boolean {
    return this.summarizer.enabled;
  }

  async forConversation(conversationId: string): Promise<StoredSummary | null> {
    if (!this.summarizer.enabled) return null;
    try {
      const [transcript, cached] = await Promise.all([this.transcripts.list(conversationId), this.cached(conversationId)]);
      if (transcript.length === 0) return null;
      const fresh = cached && (cached.coversLines === transcript.length || this.now().getTime() - Date.parse(cached.at) < REFRESH_AFTER_MS);
      if (cached && fresh) return cached;
      const names = await this.namesOf(conversationId);
      const summary = await this.summarizer.summarize(transcript, { conversationId, names });
      if (!summary) return cached;
      const stored: StoredSummary = { text: summary.text, machineWritten: true, coversLines: transcript.length, at: this.now().toISOString() };
      await this.kv.set(keys.llmSummary(conversationId), JSON.stringify({ text: stored.text, coversLines: stored.coversLines, at: stored.at }), { ttlMs: this.retentionMs });
      return stored;
    } catch (err) {
      this.logger.warn({ err, conversationId }, "staff summary unavailable");
      return null;
    }
  }

  private async cached(conversationId: string): Promise<StoredSummary | null> {
    const raw = await this.kv.get(keys.llmSummary(conversationId));
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return null;
    }
    const parsed = storedSchema.safeParse(json);
    return parsed.success ? { ...parsed.data, machineWritten: true } : null;
  }
}
