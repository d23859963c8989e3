// The TwiML builder alone: the package's entry point loads the whole REST client (about 150 ms of start-up).
import MessagingResponse from "twilio/lib/twiml/MessagingResponse.js";

/**
 * TwiML answering an inbound message: one `<Message>` per text, or an empty
 * `<Response/>` when the bot says nothing (Twilio then sends nothing).
 */
export function toTwiml(messages: readonly string[]): string {
  const response = new MessagingResponse();
  for (const text of messages) response.message(text);
  return response.toString();
}
