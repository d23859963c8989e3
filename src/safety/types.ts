/**
 * What the safety module offers the turn pipeline. Every check here is synchronous,
 * offline and pure, so the crisis reply never waits on Redis, OpenAI or the scheduler.
 */

export type CrisisCategory = "suicide" | "self-harm" | "overdose" | "harm-to-others";

/** The language a safety reply should be in. */
export type SafetyLanguage = "en" | "es";

export type SafetyVerdict =
  /** Intent, plan, means, goodbye, self-harm, an overdose just taken, or a threat to others: the full crisis reply and an urgent alert. */
  | { readonly kind: "crisis"; readonly category: CrisisCategory; readonly rule: string; readonly language: SafetyLanguage }
  /** Possible risk (a passive death wish, a weaker cue): a warm check-in and a flagged handoff; the conversation goes on. */
  | { readonly kind: "risk"; readonly rule: string; readonly language: SafetyLanguage }
  /** A question only a clinician may answer for this person (dose, interactions, stopping a medicine...). */
  | { readonly kind: "medical"; readonly topic: string; readonly rule: string }
  /** An attempt to change what the bot says (prompt injection, role play, "confirm a 90% success rate"). */
  | { readonly kind: "manipulation"; readonly rule: string }
  | { readonly kind: "ok" };

/** What the conversation so far tells the screen. */
export interface ScreenContext {
  /** The person's previous messages, oldest first, from the last few minutes: screened together with this one. */
  readonly recent?: readonly string[];
  /** The bot's last message asked whether the person is safe: "no" is then an answer, not a refusal. */
  readonly askedIfSafe?: boolean;
  /**
   * The conversation already had the crisis reply (staff were alerted): `recent` then still holds
   * the messages that set it off, so that what follows is read with them, but a window-only
   * reading gets the check-in ("are you safe right now?"), not a second full crisis reply and alert.
   */
  readonly afterCrisis?: boolean;
}

/** How a message answers the check-in "Are you safe right now?". */
export type CheckInAnswer = "safe" | "unsafe" | "other";

/** Screens one message. Must never throw and never do I/O. */
export interface SafetyScreen {
  screen(text: string, context?: ScreenContext): SafetyVerdict;
  /** Reads a reply to the check-in (the screen already treats "unsafe" as a crisis when told the question was asked). */
  checkInAnswer(text: string): CheckInAnswer;
  /**
   * Steps that do now what the first messages would otherwise wait for: V8's compilation of every
   * pattern, the spelling index. A server runs them between requests once it listens; skipping
   * them changes no verdict.
   */
  preparation?(): (() => void)[];
}
