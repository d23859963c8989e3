import type { Handoff } from "../domain/handoff.js";
import type { KnowledgeBase, Matcher } from "../knowledge/types.js";
import type { InsightsStore } from "./insights-store.js";
import type { ProposalRepo } from "./review/proposals.js";
import type { ReviewService } from "./review/review-service.js";

/** What the insights, unanswered-questions and review pages need; built in app.ts. */
export interface InsightsConsoleDeps {
  readonly insights: InsightsStore;
  readonly proposals: ProposalRepo;
  readonly review: ReviewService;
  readonly kb: KnowledgeBase;
  readonly matcher: Matcher;
  readonly handoffs: () => Promise<readonly Handoff[]>;
  /** KB_REVIEW_MAX_AGE_DAYS. */
  readonly reviewMaxAgeDays: number;
  readonly timeZone: string;
  readonly now: () => Date;
}
