/**
 * Clinic placeholders in answer text. Answers never hard-code clinic facts; the pipeline
 * substitutes them from the clinic profile (src/pipeline/say.ts, fillClinic).
 *
 * Some facts are optional in the profile (a clinic may have no email). A placeholder for an
 * optional fact may only stand inside an optional segment, `[[...]]`, with an optional fallback
 * after `||`:
 *
 *     You can reach us at {clinicPhone}.[[ You can also email {clinicEmail}.]]
 *     [[We are at {clinicAddress}.||Call {clinicPhone} and the team will tell you how to find us.]]
 *
 * A segment is shown when the profile has every fact it names; otherwise its fallback is shown
 * (or nothing, when it has none). So a missing fact is never shown as an empty gap or
 * "undefined". kb:check rejects an optional placeholder outside a segment.
 */
import { PROFILE_LIMITS } from "../clinic/profile.js";

/** The placeholders an answer may use. */
export const PLACEHOLDERS = [
  "clinicName",
  "clinicPhone",
  "clinicAddress",
  "clinicWebsite",
  "clinicEmail",
  "officeHours",
  "consultHours",
  "consultMinutes",
  "services",
  "languages",
  "directions",
] as const;
/** A placeholder name, e.g. "clinicName". */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Facts the profile may lack: their placeholders stand only inside `[[...]]` segments. */
export const OPTIONAL_PLACEHOLDERS = ["clinicAddress", "clinicWebsite", "clinicEmail", "services", "directions"] as const satisfies readonly Placeholder[];
export type OptionalPlaceholder = (typeof OPTIONAL_PLACEHOLDERS)[number];
export type RequiredPlaceholder = Exclude<Placeholder, OptionalPlaceholder>;

/** Placeholders too long for an SMS answer (kb:check keeps them to web answers). */
export const WEB_ONLY_PLACEHOLDERS: readonly Placeholder[] = ["directions"];

/** Values for one clinic: every required fact, and the optional ones it has. */
export type PlaceholderValues = Readonly<Record<RequiredPlaceholder, string>> & Readonly<Partial<Record<OptionalPlaceholder, string>>>;

/**
 * The longest values kb:check assumes when it measures an SMS answer: the longest of each
 * fact the clinic profile accepts (`PROFILE_LIMITS` in src/clinic/profile.ts).
 */
export const WORST_CASE_VALUES: Readonly<Record<Placeholder, string>> = {
  clinicName: "N".repeat(PROFILE_LIMITS.name),
  clinicPhone: "+1 (555) 555-5555 x1",
  clinicAddress: "A".repeat(PROFILE_LIMITS.address),
  clinicWebsite: `https://${"w".repeat(PROFILE_LIMITS.website - 8)}`,
  clinicEmail: `${"e".repeat(PROFILE_LIMITS.email - 12)}@example.com`,
  officeHours: "H".repeat(PROFILE_LIMITS.hours),
  consultHours: "H".repeat(PROFILE_LIMITS.hours),
  consultMinutes: String(PROFILE_LIMITS.slotMinutes),
  services: "S".repeat(PROFILE_LIMITS.services),
  languages: "L".repeat(PROFILE_LIMITS.languages),
  directions: "D".repeat(PROFILE_LIMITS.directions),
};

const PATTERN = /\{([A-Za-z]+)\}/g;

/** Placeholder names used in a text, including unknown ones. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PATTERN)].map((m) => m[1] ?? "");
}

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

export function isOptionalPlaceholder(name: string): name is OptionalPlaceholder {
  return (OPTIONAL_PLACEHOLDERS as readonly string[]).includes(name);
}

/** A piece of answer text: plain text, or an optional segment with its fallback. */
export type AnswerPart = { readonly kind: "text"; readonly text: string } | { readonly kind: "segment"; readonly primary: string; readonly fallback: string };

/** Splits answer text into plain text and `[[primary||fallback]]` segments; problems for malformed markup. */
export function parseAnswer(text: string): { parts: AnswerPart[]; problems: string[] } {
  const parts: AnswerPart[] = [];
  const problems: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf("[[");
    const close = rest.indexOf("]]");
    if (open < 0) {
      if (close >= 0) problems.push('"]]" without a "[[" before it');
      parts.push({ kind: "text", text: rest });
      break;
    }
    if (close >= 0 && close < open) problems.push('"]]" without a "[[" before it');
    if (open > 0) parts.push({ kind: "text", text: rest.slice(0, open) });
    const end = rest.indexOf("]]", open + 2);
    if (end < 0) {
      problems.push('"[[" is never closed with "]]"');
      break;
    }
    const inner = rest.slice(open + 2, end);
    if (inner.includes("[[")) problems.push('segments cannot be nested: "[[" inside "[[...]]"');
    const [primary = "", fallback = "", ...extra] = inner.split("||");
    if (extra.length > 0) problems.push('a segment has at most one "||" (primary||fallback)');
    parts.push({ kind: "segment", primary, fallback });
    rest = rest.slice(end + 2);
  }
  return { parts, problems };
}

function substitute(text: string, values: Readonly<Partial<Record<Placeholder, string>>>): string {
  return text.replace(PATTERN, (whole, name: string) => (isPlaceholder(name) ? (values[name] ?? whole) : whole));
}

function hasAll(text: string, values: Readonly<Partial<Record<Placeholder, string>>>): boolean {
  return placeholdersIn(text).every((name) => !isPlaceholder(name) || (values[name] ?? "").trim() !== "");
}

/** Spaces left where a segment was dropped: "  " -> " ", " ." -> ".", and trimmed. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, " ")
    .replace(/ +([.,;:!?])/g, "$1")
    .replace(/ *\n */g, "\n")
    .trim();
}

/**
 * The answer as a person reads it: placeholders filled, each optional segment shown when the
 * clinic has its facts and its fallback (or nothing) when not. Unknown placeholders stay as they
 * are (kb:check rejects them).
 */
export function renderAnswer(text: string, values: Readonly<Partial<Record<Placeholder, string>>>): string {
  const { parts } = parseAnswer(text);
  const out = parts.map((part) => {
    if (part.kind === "text") return substitute(part.text, values);
    return hasAll(part.primary, values) ? substitute(part.primary, values) : substitute(part.fallback, values);
  });
  return tidy(out.join(""));
}

/** Replaces placeholders with the given values (every fact present). */
export function fillPlaceholders(text: string, values: Readonly<Record<Placeholder, string>>): string {
  return renderAnswer(text, values);
}

/**
 * The longest an answer can read with any profile the schema accepts: every placeholder at its
 * longest, and each segment as the longer of its two branches.
 */
export function renderLongest(text: string): string {
  const { parts } = parseAnswer(text);
  const out = parts.map((part) => {
    if (part.kind === "text") return substitute(part.text, WORST_CASE_VALUES);
    const primary = substitute(part.primary, WORST_CASE_VALUES);
    const fallback = substitute(part.fallback, WORST_CASE_VALUES);
    return primary.length >= fallback.length ? primary : fallback;
  });
  return tidy(out.join(""));
}

/** Values for a clinic that has every required fact and none of the optional ones. */
export function withoutOptional(values: Readonly<Record<Placeholder, string>>): PlaceholderValues {
  const out: Partial<Record<Placeholder, string>> = { ...values };
  for (const name of OPTIONAL_PLACEHOLDERS) delete out[name];
  return out as PlaceholderValues;
}
