import type { InboundMessage } from "../domain/message.js";

/** Longest message the pipeline reads; channels reject or cut longer ones before this. */
export const MAX_TEXT_LENGTH = 2000;

/**
 * Unicode-normalises, strips control characters and collapses white space: one space, or two
 * where there were more, so that words typed letter by letter with wider gaps between them
 * ("m e  v o y  a  m a t a r") can still be read as words by the safety screen.
 */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\uFEFF]/g, "")
    .replace(/\s+/g, (gap) => (gap.length > 1 ? "  " : " "))
    .trim()
    .slice(0, MAX_TEXT_LENGTH);
}

export function normaliseMessage(message: InboundMessage): InboundMessage {
  return { ...message, text: normaliseText(message.text) };
}
