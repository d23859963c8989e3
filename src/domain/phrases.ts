import type { Choice } from "./message.js";

/** A fixed sentence in its web and SMS forms (the SMS form is GSM-7 and short). */
export interface Phrase {
  readonly web: string;
  readonly sms: string;
}

/**
 * Every fixed sentence the turn pipeline says, in one language. The wording lives in
 * `wording/<language>.yaml`, loaded by `src/templates.ts`; the pipeline only knows these names.
 */
export interface Phrases {
  /** First bot message of every conversation: automated assistant, not a clinician, 911/988. */
  readonly disclosure: Phrase;
  readonly greeting: Phrase;
  readonly menu: Phrase;
  readonly menuChoices: readonly Choice[];
  /** "Book a free call" / "Talk to a person": after a deflection, an invitation or a cost question. */
  readonly bookChoices: readonly Choice[];
  /** The crisis reply: 911, 988, Crisis Text Line. The line about staff is added by the alert's outcome. */
  readonly crisis: Phrase;
  /** After the crisis reply, when an alert reached staff. */
  readonly crisisAlerted: Phrase;
  /** A later crisis message in the same conversation, staff alerted a moment ago. */
  readonly crisisAlertedEarlier: Phrase;
  /** The alert is still on its way (the channel did not answer in time). */
  readonly crisisAlerting: Phrase;
  /** No alert reached anyone (none configured, or every channel failed): when the clinic will read it. */
  readonly crisisNotAlerted: (whenStaffRead: string) => Phrase;
  /** Later replies in a conversation flagged for crisis. */
  readonly crisisFollowUp: Phrase;
  /** The possible-risk tier: warm, names 988 (call or text) and 911, asks whether the person is safe. */
  readonly checkIn: Phrase;
  /** The person answered the check-in that they are safe. */
  readonly checkInSafe: Phrase;
  /** Goodbye in a conversation that had a crisis or a check-in. */
  readonly goodbyeCareful: Phrase;
  /** One line added to every not-understood reply. */
  readonly fallbackSafetyLine: Phrase;
  /** Unsure: the likeliest topics are offered as choices after this line. */
  readonly didYouMean: Phrase;
  /** The last choice of "did you mean": none of these. */
  readonly somethingElse: import("../domain/message.js").Choice;
  /** A message about something the bot does not answer (weather, other services). */
  readonly outOfScope: Phrase;
  /** The same answer was asked for again right after it was given. */
  readonly alreadyAnswered: (topic: string) => Phrase;
  /** "ok", "got it", "👍" after an answer. */
  readonly acknowledged: Phrase;
  /** A person asked for staff and is waiting; `when` is when staff will read it ("now", "Monday at 9 AM"). */
  readonly waitingForStaff: (when: string) => Phrase;
  /** A web visitor asked for a person: when to expect an answer, and an optional phone number or email to reach them. */
  readonly askContact: (when: string) => Phrase;
  /** The visitor left a number or email; `where` is how it reads ("(212) 555-0134"). */
  readonly contactSaved: (where: string) => Phrase;
  /** Asked about the wait with no handoff open. */
  readonly notWaiting: Phrase;
  /** "When is my call?" with a booked call: its time and how to change it. */
  readonly yourCall: (when: string) => Phrase;
  /** "When is my call?" with no booked call found. */
  readonly noCallFound: Phrase;
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
  /** Beside an answer: the runner-up entry, in case the answer was to another question. */
  readonly alternativeOffer: (topic: string) => Phrase;
  /** A question about another medicine or treatment ("side effects of lithium"): not ours to answer, the prescriber's. */
  readonly otherTreatment: (treatment: string) => Phrase;
  /** Store down: web asks to try again, SMS apologises and gives the clinic number. */
  readonly tryAgainLater: Phrase;
  readonly emptyMessage: Phrase;
  readonly mediaOnly: Phrase;
  /** The person asked for this language ("English", "Español"): from now on replies are in it. */
  readonly languageSwitched: Phrase;
  /** Before an answer shown in English because its entry has no reviewed version in this language. */
  readonly answerNotTranslated: Phrase;
}
