import type { InboundMessage } from "../../domain/message.js";
import type { InboundSms } from "./twilio-form.js";

/** Conversation id of a phone number: on SMS the conversation is the number. */
export function smsConversationId(phone: string): string {
  return `sms:${phone}`;
}

/** A verified Twilio webhook as the pipeline's message. The MessageSid is the message id. */
export function toInboundSms(form: InboundSms, receivedAt = new Date()): InboundMessage {
  return {
    id: form.MessageSid,
    conversationId: smsConversationId(form.From),
    channel: "sms",
    senderId: form.From,
    text: form.Body.trim(),
    receivedAt,
    ...(form.NumMedia > 0 ? { mediaCount: form.NumMedia } : {}),
    ...(form.OptOutType ? { carrierKeyword: form.OptOutType } : {}),
  };
}
