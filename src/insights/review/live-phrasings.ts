import type { Logger } from "../../logging/logger.js";
import type { Matcher } from "../../knowledge/types.js";
import type { ProposalRepo } from "./proposals.js";
import { withTimeLimit } from "../../util/time-limit.js";

/** How often each process looks for newly approved phrasings (one GET). */
export const LIVE_REFRESH_MS = 2000;
/** A reload that takes longer is given up (a stalled store must not hold start-up or later reloads). */
const LOAD_BUDGET_MS = 1500;

/**
 * Keeps this process's matcher in step with the phrasings clinicians approved: it reads the
 * store's version counter every {@link LIVE_REFRESH_MS} and reloads the approved set when it
 * changed, so an approval in one process is answered by every process without a restart.
 */
export class LivePhrasings {
  private version: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: { proposals: ProposalRepo; matcher: Matcher; logger: Logger; refreshMs?: number },
  ) {}

  /** Loads once now (errors logged, never thrown; at most a moment when the store is stalled), then keeps polling. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.deps.refreshMs ?? LIVE_REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reloads the approved phrasings if their version changed. */
  refresh(): Promise<void> {
    this.running ??= this.load().finally(() => (this.running = undefined));
    return this.running;
  }

  private async load(): Promise<void> {
    try {
      const version = await withTimeLimit(this.deps.proposals.learnedVersion(), LOAD_BUDGET_MS, "approved phrasings version read timed out");
      if (version === this.version) return;
      const phrasings = await withTimeLimit(this.deps.proposals.approvedPhrasings(), LOAD_BUDGET_MS, "approved phrasings read timed out");
      this.deps.matcher.learn?.(phrasings);
      this.version = version;
      this.deps.logger.info({ phrasings: phrasings.length }, "approved phrasings loaded");
    } catch (err) {
      this.deps.logger.warn({ err }, "approved phrasings not refreshed (store unavailable); trying again");
    }
  }
}
