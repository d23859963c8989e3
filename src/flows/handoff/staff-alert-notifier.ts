import type { SmsSender } from "../../domain/outbound.js";
import type { Logger } from "../../logging/logger.js";
import { FanOutNotifier, LogHandoffNotifier, type HandoffNotifier } from "./handoff-notifier.js";
import { SmsHandoffNotifier } from "./sms-handoff-notifier.js";
import { WebhookHandoffNotifier } from "./webhook-handoff-notifier.js";

/**
 * The notifier configuration asks for: always a log line (log alerting can page on it),
 * plus an SMS to each STAFF_ALERT_NUMBERS and a POST to STAFF_ALERT_WEBHOOK_URL when set.
 */
export function staffAlertNotifier(
  config: { readonly STAFF_ALERT_NUMBERS: readonly string[]; readonly STAFF_ALERT_WEBHOOK_URL?: string | undefined },
  sms: SmsSender,
  logger: Logger,
): HandoffNotifier {
  const notifiers: HandoffNotifier[] = [new LogHandoffNotifier(logger)];
  if (config.STAFF_ALERT_NUMBERS.length > 0) notifiers.push(new SmsHandoffNotifier(sms, config.STAFF_ALERT_NUMBERS, logger));
  if (config.STAFF_ALERT_WEBHOOK_URL) notifiers.push(new WebhookHandoffNotifier(config.STAFF_ALERT_WEBHOOK_URL));
  return new FanOutNotifier(notifiers, logger);
}
