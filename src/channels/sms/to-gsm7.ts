import { isGsm7Char } from "../../text/gsm7.js";

/**
 * Look-alikes that would turn a whole message into UCS-2 (tripling its cost) for no
 * visible gain: typographic quotes, dashes, ellipses and exotic spaces.
 */
const REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ...[..."\u2018\u2019\u201A\u201B\u2032\u0060\u00B4\u02BC\u02B9"].map((c) => [c, "'"] as const),
  ...[..."\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u02BA"].map((c) => [c, '"'] as const),
  ...[..."\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\uFE58\uFE63\uFF0D"].map((c) => [c, "-"] as const),
  ...[..."\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000\t"].map((c) => [c, " "] as const),
  ["\u2026", "..."],
  ["\u2022", "-"],
  ["\u00B7", "-"],
  ["\u2044", "/"],
  ["\u00D7", "x"],
  ["\u00F7", "/"],
  ["\u00A9", "(c)"],
  ["\u00AE", "(R)"],
  ["\u2122", "(TM)"],
  ["\u00BC", "1/4"],
  ["\u00BD", "1/2"],
  ["\u00BE", "3/4"],
  ["\u2028", "\n"],
  ["\u2029", "\n"],
  ["\u00E7", "c"], // GSM-7 has only the capital Ç
]);

/** Emoji, pictographs and their modifiers (variation selectors, skin tones, joiners, flags, keycaps). */
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200B-\u200D\u2060\uFEFF]|\uFE0E|\uFE0F|\u20E3|[\u{E0020}-\u{E007F}]/u;
/** Other symbols that have no GSM-7 form (arrows, stars, box drawing...). */
const SYMBOL = /[\p{So}\p{Sk}\p{Cf}\p{Co}\p{Cn}]/u;
const COMBINING = /\p{M}/gu;

/**
 * Rewrites a text for SMS so it travels as GSM-7: typographic punctuation becomes ASCII,
 * accented letters outside GSM-7 lose their accent (á -> a; é stays, it is GSM-7), emoji
 * and pictographs are dropped. Letters of other scripts are kept, because dropping them
 * would change what the message says; such a text goes as UCS-2 (see `analyseSms`).
 */
export function toGsm7(text: string): string {
  let out = "";
  for (const ch of text.replace(/\r\n?/g, "\n")) out += mapChar(ch);
  return out
    .replace(/[ ]{2,}/g, " ")
    .replace(/ +\n/g, "\n")
    .replace(/\n +/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function mapChar(ch: string): string {
  if (isGsm7Char(ch)) return ch;
  const replaced = REPLACEMENTS.get(ch);
  if (replaced !== undefined) return replaced;
  if (PICTOGRAPHIC.test(ch)) return "";
  const stripped = ch.normalize("NFD").replace(COMBINING, "");
  if (stripped !== ch && stripped.length > 0 && [...stripped].every(isGsm7Char)) return stripped;
  const compat = ch.normalize("NFKC");
  if (compat !== ch && [...compat].every((c) => isGsm7Char(c) || REPLACEMENTS.has(c))) return [...compat].map((c) => REPLACEMENTS.get(c) ?? c).join("");
  if (SYMBOL.test(ch) || /\p{Cc}/u.test(ch)) return "";
  return ch;
}
