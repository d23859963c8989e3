import type { Handoff } from "../domain/handoff.js";
import type { Logger } from "../logging/logger.js";

/**
 * Tells staff that a handoff is waiting. Carries no health details: only the urgency,
 * the reason category and a console link. Throws when the alert did not go out.
 */
export interface HandoffNotifier {
  /** Names the channel in logs and in the alert outcome ("sms", "webhook"). */
  readonly channel: string;
  notify(handoff: Handoff, consoleUrl: string): Promise<void>;
}

/** What became of one alert: which configured channels delivered it. */
export interface AlertOutcome {
  /** Channels that took the alert (an SMS accepted by Twilio, a webhook answered 2xx). */
  readonly sent: readonly string[];
  /** Channels configured but failing. */
  readonly failed: readonly string[];
}

/**
 * Alerts staff on every configured channel at once and writes a log line an operator's log
 * alerting can page on. The log line is not an alert channel: when no channel is configured,
 * {@link AlertOutcome.sent} is empty and the bot must not tell a person that staff were alerted.
 */
export class StaffAlerts {
  constructor(
    private readonly channels: readonly HandoffNotifier[],
    private readonly logger: Logger,
  ) {}

  /** Whether any alert channel (SMS numbers, a webhook) is configured. */
  get configured(): boolean {
    return this.channels.length > 0;
  }

  async alert(handoff: Handoff, consoleUrl: string): Promise<AlertOutcome> {
    const log = handoff.urgency === "urgent" ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
    log({ alert: "handoff", urgency: handoff.urgency, reason: handoff.reason, handoffId: handoff.id, consoleUrl }, "handoff waiting for staff");
    const results = await Promise.allSettled(this.channels.map((c) => c.notify(handoff, consoleUrl)));
    const sent: string[] = [];
    const failed: string[] = [];
    results.forEach((r, i) => {
      const channel = this.channels[i]!.channel;
      if (r.status === "fulfilled") sent.push(channel);
      else {
        failed.push(channel);
        this.logger.error({ err: r.reason, handoffId: handoff.id, channel }, "staff alert not delivered");
      }
    });
    return { sent, failed };
  }
}
