import { findPhoneNumbersInText, parsePhoneNumberFromString } from "libphonenumber-js";

/** What a message says about a phone number. */
export type PhoneFinding = { readonly kind: "valid"; readonly e164: string } | { readonly kind: "invalid" } | { readonly kind: "none" };

/**
 * A callback number in free text ("212-555-0134", "(212) 555 0134", "+44 20 7946 0958"),
 * read as a US number unless it starts with +. "invalid" when digits that look like a
 * phone number are not a valid one (too short, a bad area code).
 */
export function findPhone(text: string): PhoneFinding {
  const found = findPhoneNumbersInText(text, "US")[0];
  if (found?.number.isValid()) return { kind: "valid", e164: found.number.number };
  const digits = /\+?\d[\d\s().-]{5,}\d/.exec(text)?.[0];
  if (!digits) return { kind: "none" };
  const parsed = parsePhoneNumberFromString(digits, "US");
  return parsed?.isValid() ? { kind: "valid", e164: parsed.number } : { kind: "invalid" };
}

const NOT_NAMES = new Set([
  "yes", "yeah", "yep", "no", "nope", "ok", "okay", "sure", "thanks", "thank", "hi", "hello", "hey", "stop", "help",
  "what", "how", "why", "when", "where", "who", "is", "are", "does", "do", "can", "could", "will", "would", "should",
  "the", "a", "an", "my", "your", "it", "this", "that", "book", "cancel", "call", "time", "change", "number", "phone",
]);

/**
 * A name in free text: "Alex Rivera", "my name is Alex", "I'm Sam Lee, 212-555-0134",
 * "it's Jo". Null when the message does not look like a name (a question, a yes, digits).
 */
export function findName(text: string): string | null {
  let t = text.replace(/\+?\d[\d\s().-]{5,}\d/g, " ").replace(/\s+/g, " ").trim();
  if (t.includes("?")) return null;
  // "call me at <number>" and "my cell is <number>" introduce the number, not a name.
  t = t.replace(/\b(?:call|reach|text|ring) me (?:at|on)\b\s*$/i, "").replace(/\b(?:my )?(?:number|cell|phone|mobile)(?: number)? is\b\s*$/i, "").replace(/[,;\s]+$/, "").trim();
  const intro = /\b(?:my name is|my name's|name is|name:|this is|i am|i'm|im|it's|its|call me|it is)\s+(.+)$/i.exec(t);
  if (intro) t = intro[1]!;
  t = t.replace(/\b(and|at|on|number|phone|cell|mobile|my|is|please|thanks|thank you)\b.*$/i, "").replace(/[,;.!]+$/g, "").replace(/^[,;.!\s]+/, "").trim();
  t = t.split(/[,;]/)[0]!.trim();
  if (!/^[\p{L}][\p{L}'’. -]{0,58}[\p{L}.]?$/u.test(t)) return null;
  const words = t.split(/\s+/);
  if (words.length > 5) return null;
  if (words.some((w) => NOT_NAMES.has(w.toLowerCase()))) return null;
  return words.map((w) => (w === w.toLowerCase() || w === w.toUpperCase() ? capitalise(w) : w)).join(" ");
}

function capitalise(word: string): string {
  return word
    .toLowerCase()
    .split(/([-'’])/)
    .map((part) => (part.length > 1 ? part[0]!.toUpperCase() + part.slice(1) : part.toUpperCase()))
    .join("");
}
