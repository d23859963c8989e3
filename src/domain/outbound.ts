import type { Reply } from "./message.js";

/** Why a text is sent without the person writing first; decides wording rules and logging. */
export type SmsPurpose = "confirmation" | "reminder" | "staff-reply" | "staff-alert" | "verification" | "change-notice";

export type SendOutcome =
  | { readonly kind: "sent"; readonly sid: string }
  /** The number opted out (our records or Twilio's error 21610): nothing was sent. */
  | { readonly kind: "optedOut" }
  /** SMS is not configured (no Twilio credentials): nothing was sent. */
  | { readonly kind: "disabled" }
  /**
   * Not sent, as far as the sender knows. With `maybeSent`, Twilio may have accepted the text
   * before the answer was lost (a 5xx, a cut connection): it was not retried, so it can arrive
   * at most once, and it was recorded for staff to check in the Twilio console.
   */
  | { readonly kind: "failed"; readonly reason: string; readonly maybeSent?: true };

/**
 * Sends proactive SMS (confirmations, reminders, staff replies, staff alerts) through the
 * Twilio REST API. Implementations never send to an opted-out number and never throw for
 * expected failures.
 */
export interface SmsSender {
  send(to: string, body: string, purpose: SmsPurpose): Promise<SendOutcome>;
}

export type DeliveryOutcome = { readonly kind: "delivered" } | { readonly kind: "notDelivered"; readonly reason: string };

/**
 * Delivers a message into an existing conversation on its own channel: SMS through
 * {@link SmsSender}, web through the visitor's websocket (on whichever process holds it).
 * Used for staff replies and anything else the bot says without being asked.
 */
export interface ConversationMessenger {
  deliver(conversationId: string, reply: Reply): Promise<DeliveryOutcome>;
}
