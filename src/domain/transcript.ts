import type { ChannelKind, ReplyKind } from "./message.js";

/** One line of a conversation's transcript, either side. */
export interface TranscriptEntry {
  readonly at: string; // ISO-8601
  readonly from: "person" | "bot" | "staff";
  readonly channel: ChannelKind;
  readonly text: string;
  readonly intent?: string;
  readonly faqId?: string;
  readonly kind?: ReplyKind;
  /** Set on a person's message the safety screen flagged as a crisis. */
  readonly crisis?: boolean;
  /** Set on a person's message the safety screen read as a possible risk (the bot checked in). */
  readonly risk?: boolean;
  /** Staff member who wrote a staff line. */
  readonly staff?: string;
}
