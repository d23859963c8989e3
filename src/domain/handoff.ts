import type { ChannelKind } from "./message.js";

export type HandoffReason =
  | "asked-for-person"
  | "crisis"
  /** The possible-risk tier: the bot checked in gently; staff should look. */
  | "possible-risk"
  | "not-understood"
  | "booking-problem"
  | "medical-question"
  | "cost-insurance";

export type HandoffUrgency = "urgent" | "normal";
export type HandoffStatus = "open" | "claimed" | "resolved";

/** A conversation the bot handed to a person. The transcript stays with the conversation. */
export interface Handoff {
  readonly id: string;
  readonly conversationId: string;
  readonly channel: ChannelKind;
  readonly reason: HandoffReason;
  readonly urgency: HandoffUrgency;
  readonly status: HandoffStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Extra facts for staff, e.g. preferred callback times after a booking failure. No free text from the person. */
  readonly details?: string;
  readonly claimedBy?: string;
  readonly claimedAt?: string;
  readonly resolvedBy?: string;
  readonly resolvedAt?: string;
  readonly resolutionNote?: string;
  /** Kept beyond the retention period by a staff member. */
  readonly kept?: boolean;
  /** When staff were last alerted about it (escalations re-alert after a minimum interval). */
  readonly alertedAt?: string;
  /** How many alerts went out for it. */
  readonly alerts?: number;
}
