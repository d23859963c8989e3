import type { Handoff } from "../../domain/handoff.js";
import type { Logger } from "../../logging/logger.js";

/**
 * Tells staff that a handoff is waiting. Carries no health details: only the urgency,
 * the reason category and a console link.
 */
export interface HandoffNotifier {
  notify(handoff: Handoff, consoleUrl: string): Promise<void>;
}

/** The default notifier: a structured log line an operator's log alerting can page on. */
export class LogHandoffNotifier implements HandoffNotifier {
  constructor(private readonly logger: Logger) {}

  async notify(handoff: Handoff, consoleUrl: string): Promise<void> {
    const log = handoff.urgency === "urgent" ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
    log({ alert: "handoff", urgency: handoff.urgency, reason: handoff.reason, handoffId: handoff.id, consoleUrl }, "handoff waiting for staff");
  }
}

/** Sends to several notifiers; one failing does not stop the others. */
export class FanOutNotifier implements HandoffNotifier {
  constructor(
    private readonly notifiers: readonly HandoffNotifier[],
    private readonly logger: Logger,
  ) {}

  async notify(handoff: Handoff, consoleUrl: string): Promise<void> {
    const results = await Promise.allSettled(this.notifiers.map((n) => n.notify(handoff, consoleUrl)));
    for (const r of results) if (r.status === "rejected") this.logger.error({ err: r.reason, handoffId: handoff.id }, "handoff notification failed");
  }
}
