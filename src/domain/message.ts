/**
 * The one message shape every channel translates to and from.
 * Channels (web, SMS, staff console, CLI) never reach past these types into the pipeline.
 */

/** Where a message came from; also decides how a reply is rendered. */
export type ChannelKind = "web" | "sms" | "cli";

/** A person's message, after the channel adapter verified and normalised it. */
export interface InboundMessage {
  /** Unique per delivery attempt source: MessageSid on SMS, a random id on web. */
  readonly id: string;
  /** Stable conversation key, e.g. `web:<uuid>` or `sms:+15551234567`. */
  readonly conversationId: string;
  readonly channel: ChannelKind;
  /** Visitor id (web) or phone number in E.164 (SMS). Health data: never log it unmasked. */
  readonly senderId: string;
  /** The text as typed, trimmed. May be empty when only media arrived. */
  readonly text: string;
  readonly receivedAt: Date;
  /** Number of media attachments (MMS pictures). */
  readonly mediaCount?: number;
  /** Web: the client's address as the HTTP server sees it (per-address rate limits). Never logged unmasked. */
  readonly clientIp?: string;
  /**
   * SMS: the keyword class Twilio's Advanced Opt-Out matched (`OptOutType`), if any. A hint for
   * the SMS rules, which decide what it means (a bare YES flagged START may be a booking answer).
   */
  readonly carrierKeyword?: "STOP" | "START" | "HELP";
  /** Web: the language the widget shows (the browser's, or the visitor's choice); used until the person's words tell. */
  readonly languageHint?: "en" | "es";
}

/** A choice the person can pick: a button on the web, a numbered line on SMS. */
export interface Choice {
  /** What the button shows and what SMS lists. */
  readonly title: string;
  /** What the bot receives when the choice is picked on the web. */
  readonly payload: string;
}

/** What a reply is, for rendering, analytics and tests. */
export type ReplyKind =
  | "answer"
  | "disclosure"
  | "crisis"
  /** The possible-risk tier: a warm check-in that names 988 and 911 and asks whether the person is safe. */
  | "checkin"
  | "deflection"
  | "fallback"
  | "menu"
  | "dialog"
  | "handoff"
  | "system"
  | "staff";

/**
 * One message from the bot. Flows return meaning (text plus choices);
 * renderers decide how it looks on each channel.
 */
export interface Reply {
  readonly kind: ReplyKind;
  /** Text for the web and the default for every channel. */
  readonly text: string;
  /** A shorter GSM-7 text for SMS, when it differs from `text`. */
  readonly smsText?: string;
  readonly choices?: readonly Choice[];
  /** The intent or topic that produced this reply (analytics and evaluation). */
  readonly intent?: string;
  /** The curated FAQ entry id when the reply is an FAQ answer. */
  readonly faqId?: string;
}
