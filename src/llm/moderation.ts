import type OpenAI from "openai";
import { z } from "zod";
import type { Logger } from "../logging/logger.js";
import type { CircuitBreaker } from "./circuit-breaker.js";
import { guardedCall, type CallFailure } from "./guarded-call.js";
import type { LlmStats } from "./llm-stats.js";
import type { Scrubber } from "./pii-scrub.js";

/** The moderation categories that count as a crisis. Other categories (violence, harassment...) are not this signal's job. */
export const SELF_HARM_CATEGORIES = ["self-harm", "self-harm/intent", "self-harm/instructions"] as const;

export type CrisisSignalOutcome =
  | { readonly kind: "crisis"; readonly categories: readonly string[] }
  | { readonly kind: "clear" }
  /** Not asked, too slow, or down: the local detector's verdict stands alone. */
  | { readonly kind: "unavailable"; readonly reason: CallFailure | "circuit-open" | "disabled" | "invalid-output" };

/**
 * A second opinion on whether a message is a crisis, beside the local detector. It can only
 * add crisis verdicts, never remove one, and the local crisis reply never waits for it.
 */
export interface CrisisSignal {
  readonly enabled: boolean;
  check(text: string, options?: { conversationId?: string; names?: readonly string[] }): Promise<CrisisSignalOutcome>;
}

/** The signal when moderation is off. */
export const noCrisisSignal: CrisisSignal = {
  enabled: false,
  check: async () => ({ kind: "unavailable", reason: "disabled" }),
};

/** Budget for the moderation call: it runs before every non-crisis turn, so it must be short. */
export const MODERATION_BUDGET_MS = 1000;

const moderationResponseSchema = z.object({
  results: z
    .array(z.object({ flagged: z.boolean(), categories: z.record(z.string(), z.boolean().nullable()) }))
    .min(1),
});

export interface OpenAiModerationDeps {
  readonly client: OpenAI;
  readonly breaker: CircuitBreaker;
  readonly stats: LlmStats;
  readonly scrub: Scrubber;
  readonly logger: Logger;
  readonly budgetMs?: number;
  readonly model?: string;
}

/** The moderation endpoint's self-harm categories as a crisis signal. The endpoint is free and counts no tokens. */
export class OpenAiModeration implements CrisisSignal {
  readonly enabled = true;

  constructor(private readonly deps: OpenAiModerationDeps) {}

  async check(text: string, options: { conversationId?: string; names?: readonly string[] } = {}): Promise<CrisisSignalOutcome> {
    const { client, breaker, stats, scrub, logger } = this.deps;
    const input = scrub(text, options.names);
    const outcome = await guardedCall(
      ({ signal, timeoutMs }) => client.moderations.create({ model: this.deps.model ?? "omni-moderation-latest", input }, { signal, timeout: timeoutMs, maxRetries: 0 }),
      { budgetMs: this.deps.budgetMs ?? MODERATION_BUDGET_MS, breaker, retry: true, minRetryMs: 300 },
    );
    if (outcome.kind !== "ok") {
      const reason = outcome.kind === "circuit-open" ? "circuit-open" : outcome.reason;
      stats.count("moderation", reason);
      logger.warn({ part: "moderation", reason, conversationId: options.conversationId }, "moderation unavailable; local crisis verdict stands");
      return { kind: "unavailable", reason };
    }
    const parsed = moderationResponseSchema.safeParse(outcome.value);
    if (!parsed.success) {
      stats.count("moderation", "invalid-output");
      logger.warn({ part: "moderation", conversationId: options.conversationId }, "moderation answer not understood; local crisis verdict stands");
      return { kind: "unavailable", reason: "invalid-output" };
    }
    stats.count("moderation", "ok");
    const categories = parsed.data.results.flatMap((r) => SELF_HARM_CATEGORIES.filter((c) => r.categories[c] === true));
    if (categories.length === 0) return { kind: "clear" };
    stats.moderationFlagged();
    return { kind: "crisis", categories: [...new Set(categories)] };
  }
}
