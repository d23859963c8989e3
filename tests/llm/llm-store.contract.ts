import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TranscriptEntry } from "../../src/domain/transcript.js";
import { StaffSummaries } from "../../src/llm/staff-summaries.js";
import type { MachineSummary, TranscriptSummarizer } from "../../src/llm/summarizer.js";
import { TokenMeter } from "../../src/llm/token-meter.js";
import { createLogger } from "../../src/logging/logger.js";
import type { Kv } from "../../src/state/kv.js";
import { keys } from "../../src/state/keys.js";
import { TranscriptRepo } from "../../src/state/transcripts.js";

const logger = createLogger("silent");
const RETENTION = 60 * 60 * 1000;
const line = (text: string): TranscriptEntry => ({ at: "2026-03-02T17:00:00.000Z", from: "person", channel: "web", text });

/** A summarizer that counts its calls and answers with the transcript length (no network: this suite is about storage). */
function countingSummarizer(): TranscriptSummarizer & { calls: number; answer: MachineSummary | null } {
  const s = {
    enabled: true,
    calls: 0,
    answer: undefined as MachineSummary | null | undefined,
    async summarize(transcript: readonly TranscriptEntry[]): Promise<MachineSummary | null> {
      s.calls += 1;
      return s.answer === undefined ? { text: `${transcript.length} lines`, machineWritten: true } : s.answer;
    },
  };
  return s as TranscriptSummarizer & { calls: number; answer: MachineSummary | null };
}

/** What the OpenAI layer keeps in the store, checked against every {@link Kv} (memory and Redis). */
export function llmStoreContract(name: string, make: () => Promise<Kv>, cleanup: (kv: Kv) => Promise<void> = async () => {}): void {
  describe(`OpenAI layer storage: ${name}`, () => {
    let kv: Kv;
    beforeEach(async () => {
      kv = await make();
    });
    afterEach(async () => {
      await cleanup(kv);
      await kv.close();
    });

    it("counts tokens per conversation, expiring with the transcript, and in total for good", async () => {
      const meter = new TokenMeter(kv, RETENTION, logger);
      await meter.record("router", { prompt: 400, completion: 7, total: 407 }, "web:a");
      await meter.record("summary", { prompt: 900, completion: 60, total: 960 }, "web:a");
      await meter.record("router", { prompt: 10, completion: 2, total: 12 }, "web:b");
      await meter.record("router", { prompt: 0, completion: 0, total: 0 }, "web:b");
      await meter.record("router", undefined, "web:b");
      expect(await meter.forConversation("web:a")).toBe(1367);
      expect(await meter.forConversation("web:b")).toBe(12);
      expect(await meter.forConversation("web:none")).toBe(0);
      expect(await meter.total()).toBe(1379);
      const ttl = await kv.pttl(keys.llmTokens("web:a"));
      expect(ttl).toBeGreaterThan(RETENTION - 5000);
      expect(ttl).toBeLessThanOrEqual(RETENTION);
      expect(await kv.pttl(keys.llmTokensTotal())).toBe(-1);
      expect(meter.snapshot()).toEqual({
        sinceStart: { router: { prompt: 410, completion: 9, total: 419 }, moderation: { prompt: 0, completion: 0, total: 0 }, summary: { prompt: 900, completion: 60, total: 960 } },
        deploymentTotal: 1379,
      });
    });

    it("keeps a summary beside the conversation and makes a new one only when the transcript grew and a minute passed", async () => {
      const transcripts = new TranscriptRepo(kv, RETENTION);
      const summarizer = countingSummarizer();
      let now = new Date("2026-03-02T17:00:00.000Z");
      const summaries = new StaffSummaries(kv, transcripts, summarizer, RETENTION, logger, () => now);
      expect(await summaries.forConversation("web:s")).toBeNull();
      await transcripts.append("web:s", [line("one"), line("two")]);

      expect(await summaries.forConversation("web:s")).toEqual({ text: "2 lines", machineWritten: true, coversLines: 2, at: now.toISOString() });
      expect(await summaries.forConversation("web:s")).toMatchObject({ text: "2 lines" });
      expect(summarizer.calls).toBe(1);
      expect(await kv.pttl(keys.llmSummary("web:s"))).toBeGreaterThan(0);

      await transcripts.append("web:s", [line("three")]);
      now = new Date(now.getTime() + 30_000);
      expect(await summaries.forConversation("web:s")).toMatchObject({ text: "2 lines" });
      now = new Date(now.getTime() + 31_000);
      expect(await summaries.forConversation("web:s")).toMatchObject({ text: "3 lines", coversLines: 3 });
      expect(summarizer.calls).toBe(2);

      // The model is unavailable: the last summary is still shown.
      await transcripts.append("web:s", [line("four")]);
      now = new Date(now.getTime() + 61_000);
      summarizer.answer = null;
      expect(await summaries.forConversation("web:s")).toMatchObject({ text: "3 lines" });
    });

    it("ignores a damaged stored summary, and never asks when summaries are off", async () => {
      const transcripts = new TranscriptRepo(kv, RETENTION);
      await transcripts.append("web:d", [line("one")]);
      await kv.set(keys.llmSummary("web:d"), "{not json");
      const summarizer = countingSummarizer();
      const summaries = new StaffSummaries(kv, transcripts, summarizer, RETENTION, logger);
      expect(await summaries.forConversation("web:d")).toMatchObject({ text: "1 lines", machineWritten: true });
      const off = new StaffSummaries(kv, transcripts, { enabled: false, summarize: async () => ({ text: "x", machineWritten: true }) }, RETENTION, logger);
      expect(off.enabled).toBe(false);
      expect(await off.forConversation("web:d")).toBeNull();
    });
  });
}
