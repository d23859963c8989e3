/**
 * What the safety module offers the turn pipeline. Every check here is synchronous,
 * offline and pure, so the crisis reply never waits on Redis, OpenAI or the scheduler.
 */

export type CrisisCategory = "suicide" | "self-harm" | "overdose" | "harm-to-others";

export type SafetyVerdict =
  /** Suicidal ideation, self-harm, an overdose just taken, or a threat to others. */
  | { readonly kind: "crisis"; readonly category: CrisisCategory; readonly rule: string }
  /** A question only a clinician may answer for this person (dose, interactions, stopping a medicine...). */
  | { readonly kind: "medical"; readonly topic: string; readonly rule: string }
  /** An attempt to change what the bot says (prompt injection, role play, "confirm a 90% success rate"). */
  | { readonly kind: "manipulation"; readonly rule: string }
  | { readonly kind: "ok" };

/** Screens one message. Must never throw and never do I/O. */
export interface SafetyScreen {
  screen(text: string): SafetyVerdict;
}
