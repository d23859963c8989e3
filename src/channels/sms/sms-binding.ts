import type { Activity } from "botbuilder";
import type { ChannelBinding } from "../../botkit/bot-host.js";
import type { Reply } from "../../domain/message.js";
import { smsReplyText } from "./sms-render.js";
import { toInboundSms } from "./sms-inbound.js";
import type { InboundSms } from "./twilio-form.js";

/** What the SMS adapter needs beside the text of a reply activity. */
export interface SmsReplyChannelData {
  readonly kind: Reply["kind"];
  readonly intent?: string;
  readonly faqId?: string;
}

/**
 * SMS through Twilio (botkit channel "twilio-sms"). The adapter put the verified form in
 * `channelData`; each reply becomes its SMS text (choices as numbered lines), which the
 * adapter packs into TwiML messages at the end of the turn.
 */
export const smsBinding: ChannelBinding = {
  toInbound(activity: Partial<Activity>) {
    const received = activity.timestamp ? new Date(activity.timestamp) : new Date();
    return toInboundSms(activity.channelData as InboundSms, received);
  },
  render(reply) {
    const channelData: SmsReplyChannelData = {
      kind: reply.kind,
      ...(reply.intent ? { intent: reply.intent } : {}),
      ...(reply.faqId ? { faqId: reply.faqId } : {}),
    };
    return { type: "message", text: smsReplyText(reply), channelData };
  },
};
