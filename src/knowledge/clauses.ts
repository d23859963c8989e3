/**
 * Splits a message into clauses and tells questions from the story around them:
 * "my psychiatrist mentioned ketamine. how many sessions would i need?" is a story clause
 * and a question clause; "how long does it last and is it safe" is two questions.
 */

/** One piece of a message. */
export interface Clause {
  readonly text: string;
  /** Asks something (a question mark, a question word, or a request such as "tell me"). */
  readonly question: boolean;
}

const QUESTION_START = /^(how|what|whats|wat|when|where|why|which|who|is|are|am|do|does|did|can|could|will|would|should|any|r|hw|cn|isnt|arent|dont|doesnt|tell|explain)\b/;
const QUESTION_WORD = /\b(how|hw|what|whats|wat|when|where|why|which|who)\b/;
// A conjunction that starts a new question: "... and is it safe", "... also how fast".
const JOIN = /\s*(?:,\s*)?\b(?:and|also|plus|&)\s+(?=(?:how|hw|what|whats|when|where|why|which|who|is|are|do|does|can|will|should|any)\b)/i;
// Filler that may open a clause without changing what it asks.
const LEAD = /^(?:(?:and|also|so|but|ok|okay|oh|well|plus|then|hi|hey|hello|thanks|thank you)\b[\s,]*)+/;

// A question inside a sentence: "i need to know how long each appointment is".
const EMBEDDED = /(?<=\b(?:know|wondering|wonder|curious|asking|ask|sure|tell me|explain)\s+)(?=(?:how|hw|what|whats|when|where|why|which|who|if|whether)\b)/i;

/** Clauses in message order. A message without punctuation or joining words is one clause. */
export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  const sentences = text.split(/(?<=[.?!;\n])\s+|[?!;\n]+\s*(?=\S)|,\s+(?=(?:is|are|do|does|can|will|how|what|when|where|why)\b)/i);
  for (const sentence of sentences) {
    // "i need to know | how long it takes": the frame is story, what follows is the question.
    const [frame, ...asked] = sentence.split(EMBEDDED);
    const embedded = asked.length > 0;
    for (const piece of embedded ? [frame ?? "", asked.join(" ")] : [sentence]) {
      for (const part of piece.split(JOIN)) {
        const trimmed = part.trim();
        if (trimmed === "" || /^[\p{P}\s]+$/u.test(trimmed)) continue;
        const question = embedded && piece === frame ? false : embedded || isQuestion(trimmed, sentence);
        clauses.push({ text: trimmed, question });
      }
    }
  }
  return clauses;
}

function isQuestion(clause: string, sentence: string): boolean {
  const lower = clause.toLowerCase().replace(/['\u2019]/g, "");
  const body = lower.replace(LEAD, "");
  return /\?\s*$/.test(clause) || (/\?/.test(sentence) && sentence.trim().endsWith(clause.trim())) || QUESTION_START.test(body) || QUESTION_WORD.test(body);
}
