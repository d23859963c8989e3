import type OpenAI from "openai";
import type { Config } from "../config.js";
import type { ClinicProfile } from "../clinic/profile.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import type { Logger } from "../logging/logger.js";
import type { Kv } from "../state/kv.js";
import type { TranscriptRepo } from "../state/transcripts.js";
import { CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker.js";
import { LlmStats } from "./llm-stats.js";
import { isReasoningModel } from "./model-settings.js";
import { OpenAiModeration, noCrisisSignal, type CrisisSignal } from "./moderation.js";
import { createOpenAiClient } from "./openai-client.js";
import { clinicScrubber } from "./pii-scrub.js";
import { OpenAiRouter, offlineRouter, type IntentRouter } from "./router.js";
import { StaffSummaries } from "./staff-summaries.js";
import { OpenAiSummarizer, noSummarizer, type TranscriptSummarizer } from "./summarizer.js";
import { TokenMeter } from "./token-meter.js";

export type LlmConfig = Pick<
  Config,
  "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_MODEL" | "OPENAI_REASONING_EFFORT" | "OPENAI_ROUTER" | "OPENAI_ROUTER_TIMEOUT_MS" | "OPENAI_MODERATION" | "OPENAI_SUMMARIES"
>;

export interface LlmLayerDeps {
  readonly kv: Kv;
  readonly transcripts: TranscriptRepo;
  readonly retentionMs: number;
  readonly kb: KnowledgeBase;
  readonly clinic: Pick<ClinicProfile, "name" | "phone" | "phoneE164" | "address">;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Tests: breaker thresholds and a clock. */
  readonly breaker?: CircuitBreakerOptions;
  /** The names a conversation's state knows (scrubbed from staff summaries); none when absent. */
  readonly namesOf?: (conversationId: string) => Promise<readonly string[]>;
  /** Tests: a ready client instead of one built from the configuration. */
  readonly client?: OpenAI;
}

/**
 * The optional OpenAI layer. Every part is a no-op unless OPENAI_API_KEY is set; then the
 * router is on (unless OPENAI_ROUTER=false), and moderation and summaries each need their own
 * switch because they send more: every message, and whole transcripts.
 */
export interface LlmLayer {
  readonly router: IntentRouter;
  readonly crisisSignal: CrisisSignal;
  readonly summarizer: TranscriptSummarizer;
  /** Cached summaries for the staff console. */
  readonly summaries: StaffSummaries;
  readonly meter: TokenMeter;
  readonly stats: LlmStats;
  /** The `llm` section of /healthz: which parts are on, breaker states, calls and tokens. No personal data. */
  health(): Record<string, unknown>;
}

export function createLlmLayer(config: LlmConfig, deps: LlmLayerDeps): LlmLayer {
  const { logger } = deps;
  const client = deps.client ?? createOpenAiClient(config);
  const meter = new TokenMeter(deps.kv, deps.retentionMs, logger);
  const stats = new LlmStats();
  const scrub = clinicScrubber(deps.clinic);
  const breakers = {
    router: new CircuitBreaker(deps.breaker),
    moderation: new CircuitBreaker(deps.breaker),
    summary: new CircuitBreaker(deps.breaker),
  };
  const model = config.OPENAI_MODEL;
  const reasoningEffort = config.OPENAI_REASONING_EFFORT;

  const router: IntentRouter =
    client && config.OPENAI_ROUTER
      ? new OpenAiRouter({ client, model, reasoningEffort, kb: deps.kb, budgetMs: config.OPENAI_ROUTER_TIMEOUT_MS, breaker: breakers.router, meter, stats, scrub, logger })
      : offlineRouter;
  const crisisSignal: CrisisSignal = client && config.OPENAI_MODERATION ? new OpenAiModeration({ client, breaker: breakers.moderation, stats, scrub, logger }) : noCrisisSignal;
  const summarizer: TranscriptSummarizer =
    client && config.OPENAI_SUMMARIES
      ? new OpenAiSummarizer({ client, model, reasoningEffort, breaker: breakers.summary, meter, stats, scrub, faqTopic: (id) => deps.kb.faq.get(id)?.topic, logger })
      : noSummarizer;
  const summaries = new StaffSummaries(deps.kv, deps.transcripts, summarizer, deps.retentionMs, logger, deps.now, deps.namesOf);

  if (client) {
    logger.info({ router: router.enabled, moderation: crisisSignal.enabled, summaries: summarizer.enabled, model, ...(isReasoningModel(model) ? { reasoningEffort } : {}) }, "openai layer on");
  }

  return {
    router,
    crisisSignal,
    summarizer,
    summaries,
    meter,
    stats,
    health: () => {
      if (!client) return { llm: { enabled: false } };
      const part = (enabled: boolean, breaker: CircuitBreaker) => (enabled ? { enabled, breaker: breaker.snapshot() } : { enabled });
      const counts = stats.snapshot();
      return {
        llm: {
          enabled: true,
          model,
          ...(isReasoningModel(model) ? { reasoningEffort } : {}),
          router: { ...part(router.enabled, breakers.router), budgetMs: config.OPENAI_ROUTER_TIMEOUT_MS, ...counts.router },
          moderation: { ...part(crisisSignal.enabled, breakers.moderation), ...counts.moderation },
          summaries: { ...part(summarizer.enabled, breakers.summary), ...counts.summary },
          tokens: meter.snapshot(),
        },
      };
    },
  };
}
