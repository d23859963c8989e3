import type { InboundMessage, Reply } from "../domain/message.js";
import type { SafetyVerdict } from "../safety/types.js";

/** What a channel's own rules decided about a message, after the safety verdict. */
export type RuleOutcome =
  /** Nothing for the channel to say: the conversation answers. */
  | { readonly kind: "continue" }
  /** The channel's law answered (SMS HELP, a free-text opt-out's one confirmation): these replies, possibly none, are the whole answer. */
  | { readonly kind: "answered"; readonly replies: readonly Reply[]; readonly intent: string }
  /** Too many messages (web rate limits): refused with this reason. */
  | { readonly kind: "refused"; readonly reason: string; readonly retryAfterSeconds: number };

/**
 * A channel's rules that are not dialogue (SMS opt-out law and HELP; web rate limits). The
 * pipeline calls them after the safety verdict, so they never stand between a person in
 * crisis and the crisis reply, and before the conversation is locked.
 */
export interface ChannelRules {
  /** Never called for a crisis. `verdict` lets a rule spare a possible-risk message (a check-in is never rate-limited). */
  admit(message: InboundMessage, verdict: SafetyVerdict): Promise<RuleOutcome>;
  /** After a crisis turn: what the channel's law still requires (an opt-out written in the same message is honoured). */
  afterCrisis?(message: InboundMessage): Promise<void>;
}
