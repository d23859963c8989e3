import { z } from "zod";

/**
 * Everything the bot remembers about one conversation between turns.
 * Saved state carries a version: state of another version is dropped (the person starts
 * afresh) instead of crashing a turn after a deploy.
 */
export const CONVERSATION_STATE_VERSION = 1;

const dialogSchema = z.object({
  name: z.string(),
  step: z.string(),
  data: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
});

export const conversationStateSchema = z.object({
  v: z.literal(CONVERSATION_STATE_VERSION),
  id: z.string(),
  channel: z.enum(["web", "sms", "cli"]),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Person's messages so far. */
  turns: z.number().int().nonnegative(),
  /** The automated-assistant disclosure has been sent. */
  disclosed: z.boolean(),
  /** A crisis was detected: later replies stay gentle and never push booking. */
  crisis: z.boolean(),
  /** Messages in a row the bot could not understand. */
  misses: z.number().int().nonnegative(),
  lastFaqId: z.string().optional(),
  /** Turn number of the last soft invitation to book. */
  lastInviteTurn: z.number().int().optional(),
  /**
   * What a plain "yes" would accept: `book` after an invitation to book,
   * `faq:<id>` after the bot offered to answer a second question.
   */
  offer: z.string().optional(),
  /** The choices the bot's last message offered, so "2" or a button title picks one (SMS numbers them). */
  lastChoices: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
  /** The active dialog (booking, reschedule...), if any. */
  dialog: dialogSchema.nullable(),
  /** Set while a staff member has claimed the conversation: the bot stays quiet. */
  takeover: z.object({ handoffId: z.string(), staff: z.string(), since: z.string(), told: z.boolean() }).optional(),
  /** The open handoff, if any. */
  handoffId: z.string().optional(),
  /** The handoff whose person was asked for a phone number or email (web), until they give one or say no. */
  contactAsk: z.string().optional(),
  /**
   * The person's last few messages (newest last), screened together with the next one so that
   * risk spread over two messages is caught. Kept only for a short window (see pipeline/window.ts).
   */
  recent: z.array(z.object({ text: z.string(), at: z.string() })).optional(),
  /** The bot's last message was a safety check-in ("are you safe right now?"). */
  askedIfSafe: z.boolean().optional(),
  /** When the last crisis or check-in happened: later replies stay careful (no booking push, 988 on goodbye). */
  careSince: z.string().optional(),
  /** Language of the conversation, once known. */
  language: z.enum(["en", "es"]).optional(),
  /** The person asked for the language ("English", "Español", the web button): no guess changes it. */
  languageChosen: z.boolean().optional(),
  /** FAQ entry and turn of the bot's last curated answer (never the same answer twice in a row). */
  lastAnswer: z.object({ faqId: z.string(), turn: z.number().int() }).optional(),
  /** The suggestions the bot offered when unsure, so a second miss can hand over. */
  suggested: z.array(z.string()).optional(),
  /**
   * Names the person gave (introductions, the booking name): removed from everything sent to
   * OpenAI in later turns (router, moderation, staff summaries), which no longer carry the introduction.
   */
  names: z.array(z.string().max(80)).max(8).optional(),
});

export type ConversationState = z.output<typeof conversationStateSchema>;
export type DialogState = z.output<typeof dialogSchema>;

/** A fresh state for a conversation the bot has not seen before. */
export function newConversationState(id: string, channel: ConversationState["channel"], now: Date): ConversationState {
  const at = now.toISOString();
  return { v: CONVERSATION_STATE_VERSION, id, channel, createdAt: at, updatedAt: at, turns: 0, disclosed: false, crisis: false, misses: 0, dialog: null };
}
