import type { CallFailure } from "./guarded-call.js";
import type { LlmPart } from "./token-meter.js";

/** What happened to one call of a part, for counting. */
export type CallResult = "ok" | "circuit-open" | CallFailure | "invalid-output";

/**
 * Counts what the OpenAI layer did in this process: calls by outcome per part, and for the
 * router how many messages needed the model and what it chose. Shown in /healthz; no
 * message text, ids of people or conversations are kept.
 */
export class LlmStats {
  private readonly results: Record<LlmPart, Partial<Record<CallResult, number>>> = { router: {}, moderation: {}, summary: {} };
  private readonly routed = { asked: 0, chose: 0, none: 0 };
  private readonly moderation = { flagged: 0 };

  count(part: LlmPart, result: CallResult): void {
    const byResult = this.results[part];
    byResult[result] = (byResult[result] ?? 0) + 1;
  }

  /** A message the offline matcher was unsure of went to the router; `chose` when it picked a known id. */
  routerAsked(chose: boolean | null): void {
    this.routed.asked += 1;
    if (chose === true) this.routed.chose += 1;
    if (chose === false) this.routed.none += 1;
  }

  moderationFlagged(): void {
    this.moderation.flagged += 1;
  }

  /** Counts by part: call outcomes, and what routing and moderation decided. */
  snapshot(): {
    router: { calls: Partial<Record<CallResult, number>>; asked: number; chose: number; none: number };
    moderation: { calls: Partial<Record<CallResult, number>>; flagged: number };
    summary: { calls: Partial<Record<CallResult, number>> };
  } {
    return {
      router: { calls: { ...this.results.router }, ...this.routed },
      moderation: { calls: { ...this.results.moderation }, ...this.moderation },
      summary: { calls: { ...this.results.summary } },
    };
  }
}
