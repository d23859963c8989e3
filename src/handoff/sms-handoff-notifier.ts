import type { Handoff } from "../domain/handoff.js";
import type { SmsSender } from "../domain/outbound.js";
import type { Logger } from "../logging/logger.js";
import type { HandoffNotifier } from "./handoff-notifier.js";
import { handoffAlertText } from "./handoff-alert-text.js";

/** Texts every on-call staff number (STAFF_ALERT_NUMBERS) through the SMS sender. */
export class SmsHandoffNotifier implements HandoffNotifier {
  readonly channel = "sms";
  constructor(
    private readonly sms: SmsSender,
    private readonly numbers: readonly string[],
    private readonly logger: Logger,
  ) {}

  async notify(handoff: Handoff, consoleUrl: string): Promise<void> {
    const body = handoffAlertText(handoff, consoleUrl);
    const outcomes = await Promise.all(this.numbers.map(async (to) => ({ to, outcome: await this.sms.send(to, body, "staff-alert") })));
    const notSent = outcomes.filter((o) => o.outcome.kind !== "sent");
    for (const { to, outcome } of notSent) {
      this.logger.warn({ to, outcome: outcome.kind, handoffId: handoff.id, ...(outcome.kind === "failed" ? { reason: outcome.reason } : {}) }, "staff alert SMS not sent");
    }
    // One number reached is enough to call it delivered; none reached must show up as a failure.
    if (this.numbers.length > 0 && notSent.length === this.numbers.length) {
      throw new Error(`no staff alert SMS was sent (${notSent.map((o) => o.outcome.kind).join(", ")})`);
    }
  }
}
