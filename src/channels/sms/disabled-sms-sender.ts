import type { SendOutcome, SmsPurpose, SmsSender } from "../../domain/outbound.js";
import type { Logger } from "../../logging/logger.js";

/** SMS is not configured (no Twilio credentials): every send is logged and reported as disabled. */
export class DisabledSmsSender implements SmsSender {
  constructor(private readonly logger: Logger) {}

  async send(to: string, _body: string, purpose: SmsPurpose): Promise<SendOutcome> {
    this.logger.warn({ to, purpose }, "sms not sent: Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER)");
    return { kind: "disabled" };
  }
}
