import type { Reply } from "../domain/message.js";
import type { ConversationMessenger, DeliveryOutcome, SmsSender } from "../domain/outbound.js";
import { toWebReply } from "./web/web-message.js";

/**
 * Sends a frame to a web visitor's open websocket(s); false when none is open.
 * In app.ts this is the web adapter's `deliver`; the scale-out work routes it through pub/sub.
 */
export type WebDelivery = (visitorId: string, frame: unknown) => boolean | Promise<boolean>;

/**
 * Delivers into a conversation on its own channel: `sms:+1555...` as a text through the
 * {@link SmsSender}, `web:<visitor id>` as a websocket frame, like the bot's own messages.
 */
export class ChannelMessenger implements ConversationMessenger {
  constructor(
    private readonly sms: SmsSender | undefined,
    private readonly web: WebDelivery,
  ) {}

  async deliver(conversationId: string, reply: Reply): Promise<DeliveryOutcome> {
    const colon = conversationId.indexOf(":");
    const channel = conversationId.slice(0, colon);
    const address = conversationId.slice(colon + 1);
    if (colon < 0 || address === "") return { kind: "notDelivered", reason: "the conversation id names no channel" };
    if (channel === "sms") return this.deliverSms(address, reply);
    if (channel === "web") {
      const delivered = await this.web(address, toWebReply(reply));
      return delivered ? { kind: "delivered" } : { kind: "notDelivered", reason: "the visitor has no chat window open right now" };
    }
    return { kind: "notDelivered", reason: `${channel} conversations cannot be reached` };
  }

  private async deliverSms(phone: string, reply: Reply): Promise<DeliveryOutcome> {
    if (!this.sms) return { kind: "notDelivered", reason: "SMS is not configured" };
    const outcome = await this.sms.send(phone, reply.smsText ?? reply.text, "staff-reply");
    switch (outcome.kind) {
      case "sent":
        return { kind: "delivered" };
      case "optedOut":
        return { kind: "notDelivered", reason: "the person opted out of texts (STOP)" };
      case "disabled":
        return { kind: "notDelivered", reason: "SMS is not configured" };
      case "failed":
        return { kind: "notDelivered", reason: `the text was not sent: ${outcome.reason}` };
    }
  }
}
