import type { Store } from "../../state/store.js";
import type { TranscriptEntry } from "../../domain/transcript.js";
import { webConversationId } from "./web-message.js";

/** A reload shows at most this many of the newest lines. */
export const HISTORY_LIMIT = 200;

/** One line of the conversation as the widget shows it after a reload. */
export interface HistoryMessage {
  readonly from: "person" | "bot" | "staff";
  readonly text: string;
  readonly at: string;
  readonly kind?: string;
  readonly quick_replies?: { title: string; payload: string }[];
}

/** The answer to a history request: `total` lines exist, the newest of them are in `messages`. */
export interface HistoryFrame {
  readonly type: "history";
  readonly total: number;
  readonly messages: HistoryMessage[];
}

/** What a visitor may read back: their messages, the bot's replies, and what staff sent them (not staff notes). */
function visible(entry: TranscriptEntry): boolean {
  if (entry.channel !== "web") return false;
  return entry.from !== "staff" || entry.kind === "staff";
}

/**
 * The conversation so far for a web visitor, from the transcript. Whoever holds the
 * visitor id may read it (the id is a random bearer secret kept in the tab's
 * sessionStorage). The buttons the bot offered last come back on the last bot line, so
 * a reload mid-booking can carry on with a click.
 */
export async function loadWebHistory(store: Pick<Store, "transcripts" | "conversations">, visitorId: string): Promise<HistoryFrame> {
  const conversationId = webConversationId(visitorId);
  const [entries, state] = await Promise.all([store.transcripts.list(conversationId), store.conversations.load(conversationId)]);
  const lines = entries.filter(visible);
  const messages = lines.slice(-HISTORY_LIMIT).map(
    (e): HistoryMessage => ({ from: e.from, text: e.text, at: e.at, ...(e.kind ? { kind: e.kind } : {}) }),
  );
  const last = messages[messages.length - 1];
  const choices = state?.lastChoices;
  if (last?.from === "bot" && choices?.length && !state?.takeover) {
    messages[messages.length - 1] = { ...last, quick_replies: choices.map((c) => ({ title: c.title, payload: c.payload })) };
  }
  return { type: "history", total: lines.length, messages };
}
