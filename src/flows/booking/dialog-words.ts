/** Short answers and commands inside the booking dialog, matched on the whole message. */

const YES = /^(y|yes|yeah|yea|yep|yup|ya|sure|ok|okay|k|kk|correct|confirm|confirmed|book it|book|sounds good|that works|works|perfect|great|please do|do it|go ahead|absolutely|definitely|right|that's right|thats right|yes please|yes thanks|yes thank you|yes book it|yes please book|looks good|all good|si|si por favor|si gracias|claro|claro que si|dale|va|sale|de acuerdo|esta bien|perfecto|reservala|reservalo|confirmo|confirmar|correcto|asi es|si reservala)\b/;
const NO = /^(n|no|nope|nah|not really|wrong|that's wrong|thats wrong|incorrect|no thanks|nel|incorrecto|esta mal|no gracias)\b/;
const QUIT = /\b(never ?mind|nvm|stop booking|stop this|forget (it|about it)|quit|exit|changed my mind|don'?t (want to )?book|do not book|i'?ll (book|do it) later|not now|leave it|olvidalo|mejor no|ya no quiero|no quiero reservar|dejalo|luego reservo|despues reservo)\b/;

export function isYes(text: string): boolean {
  return YES.test(norm(text));
}

export function isNo(text: string): boolean {
  return NO.test(norm(text)) && !isYes(text);
}

/** "never mind", "stop booking"; also "cancel" while booking (not while cancelling a booking). */
export function isQuit(text: string, mode: "book" | "reschedule" | "cancel"): boolean {
  const t = norm(text);
  if (QUIT.test(t)) return true;
  if (mode !== "cancel" && /^(cancel|cancel (that|this|it|booking|the booking)|stop)$/.test(t)) return true;
  return mode === "cancel" && /^(stop|keep it|don'?t cancel)$/.test(t);
}

/** "none of these", "other times", "something later": wants different slots. */
export function wantsOtherTimes(text: string): boolean {
  return /\b(none|neither|other (times?|days?|options?)|different (times?|days?)|something else|another (time|day)|later|earlier|doesn'?t work|don'?t work|can'?t do (any|those|these)|no good|ninguna|ninguno|otras? horas?|otros? dias?|mas tarde|mas temprano|no me (sirve|sirven|queda|quedan)|no puedo a esa hora)\b/.test(norm(text));
}

/** "use my other number", "call a different number" (without the number itself). */
export function wantsOtherPhone(text: string): boolean {
  return /\b(other|different|another|new|work|cell|home|mobile) (number|phone|cell)\b|\bchange (the |my )?(number|phone)\b|\bnot this number\b/.test(norm(text));
}

/** "change my name", "wrong name". */
export function wantsOtherName(text: string): boolean {
  return /\b(change|wrong|fix|different) (the |my )?name\b|\bname is wrong\b/.test(norm(text));
}

/** "change the time", "a different time" without naming one. */
export function wantsOtherTime(text: string): boolean {
  return /\b(change|wrong|different|move|another) (the )?(time|day|date|slot)\b|\bpick (another|a different) (time|one)\b/.test(norm(text));
}

/** Lower case, accents off ("sí" is "si"), no closing punctuation, single spaces. */
function norm(text: string): string {
  return text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/[’]/g, "'").replace(/[!.]+$/g, "").replace(/\s+/g, " ").trim();
}
