/**
 * The web channel's wire format as the widget sees it (the server side is
 * src/channels/web/web-message.ts). Frames from the server are checked by hand here:
 * the widget ships no validation library, and a frame it does not understand is ignored.
 */

/** A button under a message: `title` is shown, `payload` is what the bot expects. */
export interface QuickReply {
  readonly title: string;
  readonly payload: string;
}

/** A bot or staff message (`kind: "staff"` for a person at the clinic). */
export interface MessageFrame {
  readonly type: "message";
  readonly text: string;
  readonly quick_replies?: readonly QuickReply[];
  readonly kind?: string;
  readonly intent?: string;
  readonly faq?: string;
}

/** A message the bot refused (rate limit, bad frame) or a turn that failed. */
export interface ErrorFrame {
  readonly type: "error";
  readonly error: string;
}

/** One line of the conversation so far. */
export interface HistoryLine {
  readonly from: "person" | "bot" | "staff";
  readonly text: string;
  readonly at: string;
  readonly kind?: string;
  readonly quick_replies?: readonly QuickReply[];
}

/** The conversation so far: `total` lines exist, the newest of them are in `messages`. */
export interface HistoryFrame {
  readonly type: "history";
  readonly total: number;
  readonly messages: readonly HistoryLine[];
}

/** Every frame the bot sends the widget. */
export type ServerFrame = MessageFrame | ErrorFrame | HistoryFrame;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function quickReplies(v: unknown): QuickReply[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const replies = v.filter((q): q is QuickReply => isObject(q) && typeof q.title === "string" && typeof q.payload === "string");
  return replies.length > 0 ? replies.map((q) => ({ title: q.title, payload: q.payload })) : undefined;
}

function historyLine(v: unknown): HistoryLine | undefined {
  if (!isObject(v) || typeof v.text !== "string" || typeof v.at !== "string") return undefined;
  if (v.from !== "person" && v.from !== "bot" && v.from !== "staff") return undefined;
  const replies = quickReplies(v.quick_replies);
  return { from: v.from, text: v.text, at: v.at, ...(typeof v.kind === "string" ? { kind: v.kind } : {}), ...(replies ? { quick_replies: replies } : {}) };
}

/** A server frame, or undefined for anything the widget does not understand. */
export function parseFrame(raw: unknown): ServerFrame | undefined {
  if (!isObject(raw)) return undefined;
  if (raw.type === "message" && typeof raw.text === "string") {
    const replies = quickReplies(raw.quick_replies);
    return {
      type: "message",
      text: raw.text,
      ...(replies ? { quick_replies: replies } : {}),
      ...(typeof raw.kind === "string" ? { kind: raw.kind } : {}),
      ...(typeof raw.intent === "string" ? { intent: raw.intent } : {}),
      ...(typeof raw.faq === "string" ? { faq: raw.faq } : {}),
    };
  }
  if (raw.type === "error" && typeof raw.error === "string") return { type: "error", error: raw.error };
  if (raw.type === "history" && Array.isArray(raw.messages)) {
    const messages = raw.messages.map(historyLine).filter((l): l is HistoryLine => l !== undefined);
    const total = typeof raw.total === "number" && Number.isInteger(raw.total) ? raw.total : messages.length;
    return { type: "history", total, messages };
  }
  return undefined;
}
