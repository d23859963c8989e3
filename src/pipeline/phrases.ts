import type { Choice } from "../domain/message.js";

/** A fixed sentence in its web and SMS forms (the SMS form is GSM-7 and short). */
export interface Phrase {
  readonly web: string;
  readonly sms: string;
}

/**
 * Every fixed sentence the turn pipeline says. The wording lives in `src/templates.ts`,
 * reviewed in one place; the pipeline only knows these names.
 */
export interface Phrases {
  /** First bot message of every conversation: automated assistant, not a clinician, 911/988. */
  readonly disclosure: Phrase;
  readonly greeting: Phrase;
  readonly menu: Phrase;
  readonly menuChoices: readonly Choice[];
  /** "Book a free call" / "Talk to a person": after a deflection, an invitation or a cost question. */
  readonly bookChoices: readonly Choice[];
  readonly crisis: Phrase;
  /** Later replies in a conversation flagged for crisis. */
  readonly crisisFollowUp: Phrase;
  readonly medicalDeflection: Phrase;
  readonly manipulationDeflection: Phrase;
  /** Could not understand (first miss): a short menu and the offer of a person or the consult. */
  readonly fallback: Phrase;
  /** Second miss in a row: handed to staff. */
  readonly notUnderstoodHandoff: Phrase;
  readonly humanHandoff: Phrase;
  /** Once, when a staff member has taken over the conversation. */
  readonly staffTakeover: Phrase;
  /** Appended to an FAQ answer at most once in a while. */
  readonly bookingInvite: Phrase;
  /** After "no" to an invitation. */
  readonly noProblem: Phrase;
  readonly thanks: Phrase;
  readonly goodbye: Phrase;
  /** Offer to answer the second question of a two-question message. */
  readonly secondQuestionOffer: (topic: string) => Phrase;
  /** Store down: web asks to try again, SMS apologises and gives the clinic number. */
  readonly tryAgainLater: Phrase;
  readonly emptyMessage: Phrase;
  readonly mediaOnly: Phrase;
}
