import type { Reply } from "../../domain/message.js";
import { analyseSms } from "../../text/gsm7.js";
import { toGsm7 } from "./to-gsm7.js";

/** No message the bot sends is longer than this many segments; an FAQ answer is written to fit. */
export const MAX_SEGMENTS_PER_MESSAGE = 2;

/** Between replies packed into one message. */
const REPLY_SEPARATOR = "\n\n";
/** Room kept for the " (1/2)" part marker of a split message. */
const MARKER_ROOM = " (9/9)";

/**
 * One reply as SMS text: its SMS wording (or its text), in GSM-7, with its choices as
 * numbered lines ("1: Book a free call"), which the person answers with the number.
 */
export function smsReplyText(reply: Pick<Reply, "text" | "smsText" | "choices">): string {
  const body = toGsm7(reply.smsText ?? reply.text);
  const choices = (reply.choices ?? []).map((c, i) => `${i + 1}: ${toGsm7(c.title)}`);
  return [body, ...choices].filter((line) => line.length > 0).join("\n");
}

/**
 * The texts of one turn as few messages as make sense: replies are joined while the
 * message stays within {@link MAX_SEGMENTS_PER_MESSAGE} segments (one message arrives in
 * order, several may not); a reply too long for that is split at sentence boundaries
 * and its parts marked "(1/2)", "(2/2)".
 */
export function packSmsMessages(texts: readonly string[], maxSegments = MAX_SEGMENTS_PER_MESSAGE): string[] {
  const messages: string[] = [];
  let current: string | undefined;
  const flush = () => {
    if (current !== undefined) messages.push(current);
    current = undefined;
  };
  for (const text of texts.map((t) => t.trim()).filter(Boolean)) {
    if (!fits(text, maxSegments)) {
      flush();
      messages.push(...splitSmsText(text, maxSegments));
    } else if (current !== undefined && fits(current + REPLY_SEPARATOR + text, maxSegments)) {
      current += REPLY_SEPARATOR + text;
    } else {
      flush();
      current = text;
    }
  }
  flush();
  return messages;
}

/**
 * Splits a text into parts of at most `maxSegments` segments each: between lines first,
 * then between sentences, then between words; a single word longer than a part (a URL)
 * is cut. Parts are marked "(1/3)"... when there is more than one.
 */
export function splitSmsText(text: string, maxSegments = MAX_SEGMENTS_PER_MESSAGE): string[] {
  const trimmed = text.trim();
  if (fits(trimmed, maxSegments)) return trimmed ? [trimmed] : [];
  const room = (t: string) => fits(t + MARKER_ROOM, maxSegments);
  const parts: string[] = [];
  let current = "";
  for (const { sep, piece } of pieces(trimmed, room)) {
    const candidate = current ? current + sep + piece : piece;
    if (room(candidate)) {
      current = candidate;
    } else {
      if (current) parts.push(current);
      current = piece;
    }
  }
  if (current) parts.push(current);
  return parts.map((p, i) => `${p} (${i + 1}/${parts.length})`);
}

function fits(text: string, maxSegments: number): boolean {
  return analyseSms(text).segments <= maxSegments;
}

/** Lines, sentences and words, each with the separator that preceded it; none longer than `room` allows. */
function pieces(text: string, room: (t: string) => boolean): { sep: string; piece: string }[] {
  const out: { sep: string; piece: string }[] = [];
  text.split("\n").forEach((line, li) => {
    const sentences = line.split(/(?<=[.!?])\s+/).filter(Boolean);
    sentences.forEach((sentence, si) => {
      const sep = si > 0 ? " " : li > 0 ? "\n" : "";
      if (room(sentence)) return out.push({ sep, piece: sentence });
      sentence
        .split(/\s+/)
        .filter(Boolean)
        .forEach((word, wi) => {
          const wordSep = wi > 0 ? " " : sep;
          if (room(word)) return out.push({ sep: wordSep, piece: word });
          cutWord(word, room).forEach((chunk, ci) => out.push({ sep: ci > 0 ? "" : wordSep, piece: chunk }));
        });
    });
  });
  return out;
}

function cutWord(word: string, room: (t: string) => boolean): string[] {
  const chunks: string[] = [];
  let chunk = "";
  for (const ch of word) {
    if (room(chunk + ch)) chunk += ch;
    else {
      chunks.push(chunk);
      chunk = ch;
    }
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}
