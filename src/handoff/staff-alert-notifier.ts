import type { SmsSender } from "../domain/outbound.js";
import type { Logger } from "../logging/logger.js";
import { StaffAlerts, type HandoffNotifier } from "./handoff-notifier.js";
import { SmsHandoffNotifier } from "./sms-handoff-notifier.js";
import { WebhookHandoffNotifier } from "./webhook-handoff-notifier.js";

/**
 * The alert channels configuration asks for: an SMS to each STAFF_ALERT_NUMBERS and a POST to
 * STAFF_ALERT_WEBHOOK_URL, each when set; a log line is always written.
 */
export function staffAlerts(
  config: { readonly STAFF_ALERT_NUMBERS: readonly string[]; readonly STAFF_ALERT_WEBHOOK_URL?: string | undefined },
  sms: SmsSender,
  logger: Logger,
  extra: readonly HandoffNotifier[] = [],
): StaffAlerts {
  const channels: HandoffNotifier[] = [...extra];
  if (config.STAFF_ALERT_NUMBERS.length > 0) channels.push(new SmsHandoffNotifier(sms, config.STAFF_ALERT_NUMBERS, logger));
  if (config.STAFF_ALERT_WEBHOOK_URL) channels.push(new WebhookHandoffNotifier(config.STAFF_ALERT_WEBHOOK_URL));
  return new StaffAlerts(channels, logger);
}
