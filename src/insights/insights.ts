import type { Config } from "../config.js";
import type { ClinicProfile } from "../clinic/profile.js";
import type { KnowledgeBase, Matcher } from "../knowledge/types.js";
import type { Logger } from "../logging/logger.js";
import type { Kv } from "../state/kv.js";
import type { Store } from "../state/store.js";

/** What insights reads of the loaded content (the clinic's zone, the knowledge base, the matcher it teaches). */
interface InsightsContent {
  readonly clinic: Pick<ClinicProfile, "timeZone">;
  readonly kb: KnowledgeBase;
  readonly matcher: Matcher;
}
import type { InsightsConsoleDeps } from "./insights-deps.js";
import { InsightsStore } from "./insights-store.js";
import { InsightsRecorder } from "./recorder.js";
import { ProposalRepo } from "./review/proposals.js";
import { LivePhrasings } from "./review/live-phrasings.js";
import { ReviewService } from "./review/review-service.js";

/** Most handoffs read for the median time to claim (the newest). */
const HANDOFFS_READ = 2000;

/**
 * Insights and the reviewed loop, assembled: the turn recorder the pipeline calls, the store of
 * events and counters, the proposals, and the approved phrasings kept live in this process's
 * matcher. Built once at start-up by createCore.
 */
export class Insights {
  private constructor(
    readonly store: InsightsStore,
    readonly recorder: InsightsRecorder,
    readonly proposals: ProposalRepo,
    readonly live: LivePhrasings,
    private readonly parts: { config: Config; content: InsightsContent; now: () => Date },
  ) {}

  static async start(deps: { kv: Kv; config: Config; content: InsightsContent; logger: Logger; now: () => Date; refreshMs?: number }): Promise<Insights> {
    const store = new InsightsStore(deps.kv, deps.config.INSIGHTS_RETENTION_DAYS * 86_400_000);
    const recorder = new InsightsRecorder({ kv: deps.kv, store, timeZone: deps.content.clinic.timeZone, logger: deps.logger });
    const proposals = new ProposalRepo(deps.kv);
    const live = new LivePhrasings({ proposals, matcher: deps.content.matcher, logger: deps.logger, ...(deps.refreshMs ? { refreshMs: deps.refreshMs } : {}) });
    await live.start();
    return new Insights(store, recorder, proposals, live, { config: deps.config, content: deps.content, now: deps.now });
  }

  /** What the console's insights, unanswered and review pages need. */
  consoleDeps(store: Store): InsightsConsoleDeps {
    const { config, content, now } = this.parts;
    return {
      insights: this.store,
      proposals: this.proposals,
      review: new ReviewService({ proposals: this.proposals, audit: store.audit, kb: content.kb, now }),
      kb: content.kb,
      matcher: content.matcher,
      handoffs: () => store.handoffs.list(HANDOFFS_READ),
      reviewMaxAgeDays: config.KB_REVIEW_MAX_AGE_DAYS,
      timeZone: content.clinic.timeZone,
      now,
    };
  }

  /** Stops polling and waits for recordings in flight (before the store closes). */
  async stop(): Promise<void> {
    this.live.stop();
    await this.recorder.settled();
  }
}
