import { randomUUID } from "node:crypto";
import type { Handoff, HandoffReason, HandoffUrgency } from "../../domain/handoff.js";
import type { ChannelKind } from "../../domain/message.js";
import type { Logger } from "../../logging/logger.js";
import type { HandoffRepo } from "../../state/handoffs.js";
import type { HandoffNotifier } from "./handoff-notifier.js";
import { withTimeLimit } from "../../util/time-limit.js";

/** A hanging store must not hold back a crisis alert for longer than this. */
const SAVE_BUDGET_MS = 2000;

export interface HandoffRequest {
  conversationId: string;
  channel: ChannelKind;
  reason: HandoffReason;
  details?: string;
}

/** Crisis is always urgent; everything else waits its turn. */
export function urgencyFor(reason: HandoffReason): HandoffUrgency {
  return reason === "crisis" ? "urgent" : "normal";
}

/**
 * Opens handoffs and alerts staff once per handoff. Never throws: when the store is down or hangs,
 * staff are still alerted (with an unsaved handoff) because a crisis must reach a person.
 */
export class HandoffService {
  constructor(
    private readonly repo: HandoffRepo,
    private readonly notifier: HandoffNotifier,
    private readonly logger: Logger,
    private readonly consoleBaseUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async open(request: HandoffRequest): Promise<Handoff> {
    const urgency = urgencyFor(request.reason);
    let handoff: Handoff;
    let shouldNotify: boolean;
    try {
      const outcome = await withTimeLimit(this.repo.open({ ...request, urgency, now: this.now() }), SAVE_BUDGET_MS, "handoff save timed out");
      handoff = outcome.handoff;
      shouldNotify = outcome.kind === "created" || outcome.escalated;
    } catch (err) {
      this.logger.error({ err, conversationId: request.conversationId, reason: request.reason }, "handoff not saved: store failed");
      const at = this.now().toISOString();
      handoff = { id: `unsaved-${randomUUID()}`, ...request, urgency, status: "open", createdAt: at, updatedAt: at };
      shouldNotify = true;
    }
    if (shouldNotify) await this.notifySafely(handoff);
    return handoff;
  }

  /** Console link for a handoff, sent in notifications. */
  linkFor(handoff: Handoff): string {
    return `${this.consoleBaseUrl}/staff/handoffs/${encodeURIComponent(handoff.id)}`;
  }

  private async notifySafely(handoff: Handoff): Promise<void> {
    try {
      await this.notifier.notify(handoff, this.linkFor(handoff));
    } catch (err) {
      this.logger.error({ err, handoffId: handoff.id }, "handoff notification failed");
    }
  }
}
