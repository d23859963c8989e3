import type { SendOutcome, SmsPurpose, SmsSender } from "../../src/domain/outbound.js";

/** An SmsSender that records what it would have sent. */
export class RecordingSms implements SmsSender {
  readonly sent: { to: string; body: string; purpose: SmsPurpose }[] = [];
  async send(to: string, body: string, purpose: SmsPurpose): Promise<SendOutcome> {
    this.sent.push({ to, body, purpose });
    return { kind: "sent", sid: `SM${this.sent.length}` };
  }
}
