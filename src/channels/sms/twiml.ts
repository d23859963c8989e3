import twilio from "twilio";

/**
 * TwiML answering an inbound message: one `<Message>` per text, or an empty
 * `<Response/>` when the bot says nothing (Twilio then sends nothing).
 */
export function toTwiml(messages: readonly string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const text of messages) response.message(text);
  return response.toString();
}
