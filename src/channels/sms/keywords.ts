/**
 * SMS channel law: the keywords carriers and US law give a meaning of their own, and
 * the free-text ways people say "stop texting me" that must be honoured too.
 */

/** Twilio's standard opt-out keywords; the message must be the keyword alone. */
export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"] as const;
/** Opt back in. YES only means this when the number is opted out; otherwise it is an ordinary "yes". */
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"] as const;
export const HELP_KEYWORDS = ["HELP", "INFO"] as const;

export type SmsKeyword =
  | { readonly kind: "optOut"; readonly keyword: string }
  | { readonly kind: "optIn"; readonly keyword: string }
  | { readonly kind: "help"; readonly keyword: string }
  /** A sentence that revokes consent ("please stop texting me"). */
  | { readonly kind: "revocation" }
  | { readonly kind: "none" };

/**
 * Phrasings that revoke consent to texts. Each needs an explicit object (texting, messages,
 * me, this list), so "I need to cancel my call on friday" or "how do I stop the nausea"
 * stay ordinary messages.
 */
const REVOCATION_PATTERNS: readonly RegExp[] = [
  // "cancel"/"end" with more words stay with the pipeline: "cancel it" means the booking.
  /^(please\s+|pls\s+|plz\s+)?(stop|unsubscribe|opt\s*-?\s*out|quit|revoke)(\s+(please|pls|plz|now|thanks|thank you|it|this|all|me))*$/,
  /\b(stop|quit|cease|end)\s+(texting|txting|messaging|msging|contacting|sending|calling|bothering)\b/,
  /\b(stop|no more|quit)\s+(the\s+|these\s+|your\s+|all\s+)?(texts?|txts?|messages?|msgs?|sms)\b/,
  /\b(don'?t|do not|dont|never)\s+(ever\s+)?(text|txt|message|msg|contact|sms)\s+(me|us|this number|my number)\b/,
  /\b(remove|take|delete)\s+(me|my number|this number)\s+(off|from|out of)\b/,
  /\b(remove|delete)\s+(me|my number|this number)\b.*\b(list|texts?|messages?)\b/,
  /\b(unsubscribe|opt\s*-?\s*out of|opt\s*-?\s*me\s+out)\b/,
  /^(please\s+)?unsubscribe\b/,
  /\bi\s+(want|would like|wish)\s+to\s+(opt\s*-?\s*out|unsubscribe)\b/,
  /\bwrong number\b/,
  /\bleave me alone\b/,
];

/** Classifies a message body. Keywords count only when they are the whole message. */
export function classifySmsKeyword(body: string): SmsKeyword {
  const plain = body.normalize("NFKC").trim();
  const word = plain
    .replace(/[\s.!?,;:'"()*-]+$/u, "")
    .replace(/^[\s.!?,;:'"()*-]+/u, "")
    .toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return { kind: "optOut", keyword: word };
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return { kind: "optIn", keyword: word };
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return { kind: "help", keyword: word };
  const lowered = plain
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (REVOCATION_PATTERNS.some((p) => p.test(lowered))) return { kind: "revocation" };
  return { kind: "none" };
}
