/**
 * What the knowledge module offers the turn pipeline. The pipeline depends on these
 * types only; how matching works inside (index, synonyms, typo tolerance) is the module's business.
 */

/** One curated FAQ entry, loaded from `faq/<id>.yaml` and validated at start-up. */
export interface FaqEntry {
  readonly id: string;
  readonly topic: string;
  /** What a plural pronoun in a follow-up to this answer stands for ("the side effects"). */
  readonly subject?: string;
  readonly questions: readonly string[];
  readonly answers: { readonly sms: string; readonly web: string };
  /** The entry in Spanish (topic, phrasings, answers). */
  readonly es?: {
    readonly topic: string;
    readonly subject?: string;
    readonly questions: readonly string[];
    readonly answers: { readonly sms: string; readonly web: string };
  };
  readonly sources: readonly { readonly seed?: string; readonly section?: string; readonly ref?: string }[];
  readonly reviewed: string;
  /** The answer offers a person; the reply then carries the book / talk-to-a-person choices. */
  readonly offersPerson?: boolean;
  /** After the possible-risk check-in, a question about this topic also gets this answer. */
  readonly answersBesideCheckIn?: boolean;
}

/** A non-FAQ intent (greeting, book, cancel, human...), loaded from `intents/<id>.yaml`. */
export interface IntentDef {
  readonly id: string;
  readonly description?: string;
  /** A short label for a "did you mean" choice. */
  readonly title?: string;
  readonly examples: readonly string[];
}

/** A candidate meaning for a message. `score` is a confidence in [0, 1]. */
export interface Match {
  readonly kind: "faq" | "intent";
  readonly id: string;
  readonly score: number;
}

/** What the conversation so far tells the matcher (follow-ups use it). */
export interface MatchContext {
  /** The FAQ entry the bot answered last, if any. */
  readonly lastFaqId?: string;
}

/**
 * What the matcher made of a message:
 * - `answer`: `matches` holds one or two confident entries or intents;
 * - `unsure`: nothing confident; `suggestions` holds the likeliest answers to offer ("did you mean");
 * - `out-of-scope`: confidently about something the bot does not answer;
 * - `personal-medical`: a question about the person's own health, for a clinician.
 */
export type MatchVerdict = "answer" | "unsure" | "out-of-scope" | "personal-medical";

export interface MatchResult {
  readonly verdict?: MatchVerdict;
  /**
   * Confident matches in the order the person asked them: usually one,
   * two when a message asks two questions. Empty when the matcher is not confident.
   */
  readonly matches: readonly Match[];
  /** The best candidate even when below the threshold (for logs, evaluation and an LLM router). */
  readonly best: Match | null;
  /** When unsure: up to three likely entries or intents to offer, most likely first. */
  readonly suggestions?: readonly Match[];
  /** When answering one entry: the runner-up entry, if it is likely enough to offer ("or were you asking about ...?"). */
  readonly alternative?: Match;
  /** Out of scope because the question is about another medicine or treatment, as the person named it ("lithium"). */
  readonly otherTreatment?: string;
}

/** A phrasing a clinician approved for an entry at run time (src/insights/review/). */
export interface LearnedPhrasing {
  readonly text: string;
  readonly faqId: string;
}

/** Maps a message to FAQ entries or intents, offline. */
export interface Matcher {
  match(text: string, context?: MatchContext): MatchResult;
  /**
   * Replaces the phrasings learned at run time (approved by a clinician, shared through the
   * store): a message this close to one of them is answered with its entry.
   */
  learn?(phrasings: readonly LearnedPhrasing[]): void;
  /** How alike two messages read to the matcher, 0 to 1 (groups unanswered questions). */
  similarity?(a: string, b: string): number;
  /** Steps that build now what the first messages would otherwise wait for (the spelling index); see `SafetyScreen.preparation`. */
  preparation?(): (() => void)[];
}

/** The loaded, validated knowledge base. */
export interface KnowledgeBase {
  readonly faq: ReadonlyMap<string, FaqEntry>;
  readonly intents: ReadonlyMap<string, IntentDef>;
}
