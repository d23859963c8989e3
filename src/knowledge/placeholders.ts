/**
 * Clinic placeholders in answer text. Answers never hard-code clinic facts; the pipeline
 * substitutes them from the clinic profile.
 */

/** The placeholders an answer may use. */
export const PLACEHOLDERS = ["clinicName", "clinicPhone"] as const;
/** A placeholder name, e.g. "clinicName". */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/**
 * The longest values kb:check assumes when it measures an SMS answer: the longest name and
 * phone the clinic profile accepts (`clinicProfileSchema`: name <= 60, phone <= 20 characters).
 */
export const WORST_CASE_VALUES: Readonly<Record<Placeholder, string>> = {
  clinicName: "N".repeat(60),
  clinicPhone: "+1 (555) 555-5555 x1",
};

const PATTERN = /\{([A-Za-z]+)\}/g;

/** Placeholder names used in a text, including unknown ones. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PATTERN)].map((m) => m[1] ?? "");
}

/** Replaces known placeholders with the given values; unknown ones stay as they are. */
export function fillPlaceholders(text: string, values: Readonly<Record<Placeholder, string>>): string {
  return text.replace(PATTERN, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}
