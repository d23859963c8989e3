import type { ChannelKind } from "./message.js";

export const HANDOFF_REASONS = ["asked-for-person", "crisis", "possible-risk", "not-understood", "booking-problem", "medical-question", "cost-insurance"] as const;

/** Why the bot handed over; `possible-risk` is the tier where the bot checked in gently and staff should look. */
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

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
  /** How the person asked to be reached when they are gone (a web visitor waiting for staff). Health data. */
  readonly contact?: HandoffContact;
}

/** A phone number (E.164) or an email address the person left while waiting for staff. */
export interface HandoffContact {
  readonly kind: "phone" | "email";
  readonly value: string;
  readonly at: string;
}
