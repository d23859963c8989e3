/**
 * SMS channel law: the keywords carriers and US law give a meaning of their own, and
 * the free-text ways people say "stop texting me" that must be honoured too.
 */

/** Twilio's standard opt-out keywords; the message must be the keyword alone. */
export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"] as const;
/** Opt back in. YES only means this when the number is opted out; otherwise it is an ordinary "yes". */
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"] as const;
export const HELP_KEYWORDS = ["HELP", "INFO"] as const;
/**
 * The Spanish keywords carriers expect alongside the English ones on a Spanish campaign. Twilio's
 * default handling does not know them, so the bot confirms them itself (in Spanish).
 */
export const SPANISH_OPT_OUT_KEYWORDS = ["PARAR", "CANCELAR", "ALTO"] as const;
export const SPANISH_HELP_KEYWORDS = ["AYUDA"] as const;

/** The language of a keyword's reply: the Spanish keywords get Spanish texts. */
export type KeywordLanguage = "en" | "es";

export type SmsKeyword =
  /** `answeredByTwilio` (set by {@link keywordFromTwilio}): Twilio already sent its own reply, so the bot sends none. */
  | { readonly kind: "optOut"; readonly keyword: string; readonly answeredByTwilio?: boolean; readonly language?: KeywordLanguage }
  | { readonly kind: "optIn"; readonly keyword: string; readonly answeredByTwilio?: boolean }
  | { readonly kind: "help"; readonly keyword: string; readonly answeredByTwilio?: boolean; readonly language?: KeywordLanguage }
  /** A sentence that revokes consent ("please stop texting me", "ya no me manden mensajes"). */
  | { readonly kind: "revocation"; readonly language?: KeywordLanguage }
  | { readonly kind: "none" };

/**
 * Phrasings that revoke consent to texts. Each needs an explicit object (texting, messages,
 * me, this list), so "I need to cancel my call on friday" or "how do I stop the nausea"
 * stay ordinary messages.
 */
const REVOCATION_PATTERNS: readonly RegExp[] = [
  // "cancel"/"end" with more words stay with the pipeline: "cancel it" means the booking.
  /^(please\s+|pls\s+|plz\s+)?(stop|unsubscribe|unsub|opt\s*-?\s*out|quit|revoke)(\s+(please|pls|plz|now|thanks|thank you|it|this|all|me|stop|unsubscribe|unsub|quit))*$/,
  // "cancel texts", "end texts": plural texts as the whole object ("cancel the text reminder" is not this).
  /^(please\s+|pls\s+)?(cancel|end|halt)\s+(the\s+|these\s+|your\s+|all\s+|my\s+)?(texts|txts|text messages|messages|msgs|sms)\b(?!\s+(reminders?|about|for|and my|too)\b)/,
  /\b(revoke|withdraw|withdrawing|revoking)\s+(my\s+|all\s+)?consent\b/,
  /\bunsub\b/,
  /\b(stop|quit|cease|end)\s+(texting|txting|messaging|msging|contacting|sending|calling|bothering)\b/,
  /\b(stop|no more|quit)\s+(the\s+|these\s+|your\s+|all\s+)?(texts?|txts?|messages?|msgs?|sms)\b/,
  /\b(don'?t|do not|dont|never)\s+(ever\s+)?(text|txt|message|msg|contact|sms)\s+(me|us|this number|my number)\b/,
  // "take me off the list" is consent; "take me off the schedule" is a cancellation for the pipeline.
  /\b(remove|take|delete)\s+(me|my number|this number)\s+(off|from|out of)\s+(the\s+|your\s+|ur\s+|this\s+|all\s+)?((text|texting|sms|mailing|contact|message|messaging)\s+)?(list|texts?|messages?|sms|contacts?)\b/,
  /\b(remove|delete)\s+(me|my number|this number)\b.*\b(list|texts?|messages?)\b/,
  /\b(unsubscribe|opt\s*-?\s*out of|opt\s*-?\s*me\s+out)\b/,
  /^(please\s+)?unsubscribe\b/,
  /\bi\s+(want|would like|wish)\s+to\s+(opt\s*-?\s*out|unsubscribe)\b/,
  /\bwrong (number|num|no|#)(?![\p{L}\p{N}])/u,
  /\bwrong#/,
  /\bleave me alone\b/,
];

/** The same in Spanish, written without accents (the message is folded before matching). */
const SPANISH_REVOCATION_PATTERNS: readonly RegExp[] = [
  /^(por favor\s+)?(parar|alto|basta)(\s+(por favor|ya|gracias))*$/,
  /\b(ya\s+)?no\s+(me\s+)?(escriban|escribas|manden|mandes|envien|envies|contacten|contactes)(\s+(mas|nada))?\b.*\b(mensajes?|textos?|mas)\b/,
  /\b(dejen|deja|paren|para)\s+de\s+(escribirme|mandarme|enviarme|contactarme|textearme)\b/,
  /\b(borren|borrame|quitenme|quitar|eliminen)\s+(mi numero|de la lista)\b/,
  /\bnumero equivocado\b/,
];

/** Classifies a message body. Keywords count only when they are the whole message. */
export function classifySmsKeyword(body: string): SmsKeyword {
  const plain = body.normalize("NFKC").trim();
  const word = keywordOf(plain);
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return { kind: "optOut", keyword: word };
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return { kind: "optIn", keyword: word };
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return { kind: "help", keyword: word };
  if ((SPANISH_OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return { kind: "optOut", keyword: word, language: "es" };
  if ((SPANISH_HELP_KEYWORDS as readonly string[]).includes(word)) return { kind: "help", keyword: word, language: "es" };
  const lowered = plain
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}'# ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (REVOCATION_PATTERNS.some((p) => p.test(lowered))) return { kind: "revocation" };
  const folded = lowered.normalize("NFD").replace(/\p{M}/gu, "");
  if (SPANISH_REVOCATION_PATTERNS.some((p) => p.test(folded))) return { kind: "revocation", language: "es" };
  return { kind: "none" };
}

/** The body as a keyword: trimmed, without surrounding punctuation, upper case. */
function keywordOf(body: string): string {
  return body
    .normalize("NFKC")
    .trim()
    .replace(/[\s.!?,;:'"()*-]+$/u, "")
    .replace(/^[\s.!?,;:'"()*-]+/u, "")
    .toUpperCase();
}

/** Twilio's `OptOutType` webhook parameter: which Advanced Opt-Out keyword list the whole body matched. */
export type TwilioOptOutType = "STOP" | "START" | "HELP";

/**
 * Who answers keywords besides the bot, which decides what an inbound message can mean:
 * - `advancedOptOut`: a Messaging Service with Advanced Opt-Out. Twilio matches the
 *   service's own keyword lists, answers every match with the service's text and flags it
 *   with `OptOutType`; a message without the flag matched nothing, so Twilio did nothing.
 * - `twilioDefault`: a long code or toll-free number without Advanced Opt-Out. Twilio's
 *   default handling answers its standard keywords (STOP..., START, UNSTOP, YES, HELP, INFO)
 *   with fixed texts and never sends `OptOutType`.
 * - `none`: a short code outside a Messaging Service: Twilio answers no keyword.
 */
export type TwilioKeywordHandling = "advancedOptOut" | "twilioDefault" | "none";

export interface TwilioKeywordContext {
  /** Our records say the sender is opted out right now (`OptOutRepo.isOptedOut`). */
  readonly optedOut: boolean;
  /** Default `twilioDefault`, the behaviour of a plain Twilio number. */
  readonly handling?: TwilioKeywordHandling;
}

/** Twilio's default help keywords: its standard reply goes out only when one is the whole body. */
const TWILIO_DEFAULT_HELP = new Set(["HELP", "INFO"]);
/** Opt-in keywords that are also ordinary answers: from a number that is not opted out they stay answers. */
const ORDINARY_WORDS = new Set(["YES"]);

/**
 * What an inbound text means under channel law, honouring Twilio's `OptOutType` only for
 * what it names. The rule, in order:
 *
 * 1. `OptOutType=STOP`: an opt-out, whatever the word (a service may add its own, "ARRET").
 *    Twilio has already blocked the number and confirmed; our record must agree.
 * 2. `OptOutType=START`: an opt-in only if our records say the number is opted out, or the
 *    word is START or UNSTOP (which mean nothing else). Otherwise, e.g. a bare "YES" from a
 *    number that is not opted out, Twilio's re-subscription changed nothing and the word is
 *    an answer a dialog may be waiting for ("Book it?" "YES"): an ordinary message.
 * 3. `OptOutType=HELP`: help, already answered by Twilio with the service's HELP text.
 * 4. No flag under Advanced Opt-Out: Twilio matched none of the service's keywords and did
 *    nothing. Only STOP alone (no service can remove it) and free-text revocations ("please
 *    stop texting me") opt out; a standard word the service removed (CANCEL, YES...) is an
 *    ordinary message, and nothing opts in (Twilio keeps its block). HELP and INFO are for
 *    the bot to answer.
 * 5. No flag otherwise (Twilio's default handling, or a short code): {@link classifySmsKeyword},
 *    except that YES opts in only from an opted-out number.
 *
 * `answeredByTwilio` says whether Twilio already replied, so the bot must not send a second
 * reply: always for a flagged keyword; under Twilio's default handling when the whole body is
 * one of its standard keywords ("help?" is not, and gets the bot's answer). Pure: the caller
 * reads the opt-out record and knows how its number is set up.
 */
export function keywordFromTwilio(text: string, optOutType: TwilioOptOutType | undefined, context: TwilioKeywordContext): SmsKeyword {
  const handling = context.handling ?? "twilioDefault";
  const word = keywordOf(text).slice(0, 32);
  const own = classifySmsKeyword(text);

  if (optOutType === "STOP") return { kind: "optOut", keyword: word || "STOP", answeredByTwilio: true };
  if (optOutType === "START") {
    if (context.optedOut || (own.kind === "optIn" && !ORDINARY_WORDS.has(own.keyword))) return { kind: "optIn", keyword: word || "START", answeredByTwilio: true };
    return own.kind === "optIn" ? { kind: "none" } : own;
  }
  if (optOutType === "HELP") return { kind: "help", keyword: word || "HELP", answeredByTwilio: true };

  // No flag. Under Advanced Opt-Out Twilio matched nothing, so only STOP (which no service can
  // remove) and free-text revocations still opt out, and nothing opts in: Twilio keeps its block.
  if (handling === "advancedOptOut") {
    // The Spanish keywords are honoured whatever the service's lists say: stopping is the safe side.
    if (own.kind === "optIn" || (own.kind === "optOut" && own.keyword !== "STOP" && own.language !== "es")) return { kind: "none" };
    return own.kind === "optOut" || own.kind === "help" ? { ...own, answeredByTwilio: false } : own;
  }
  // Twilio's default handling replies only when the whole body is one of its keywords.
  const exact = text.trim().toUpperCase();
  const byDefault = handling === "twilioDefault";
  switch (own.kind) {
    case "optIn":
      if (ORDINARY_WORDS.has(own.keyword) && !context.optedOut) return { kind: "none" };
      return { ...own, answeredByTwilio: byDefault && exact === own.keyword };
    case "optOut":
      return { ...own, answeredByTwilio: byDefault && exact === own.keyword && own.language !== "es" };
    case "help":
      return { ...own, answeredByTwilio: byDefault && TWILIO_DEFAULT_HELP.has(exact) };
    default:
      return own;
  }
}
