/**
 * Carriers filter controlled-substance content on registered (A2P 10DLC) campaigns, so a
 * text the bot sends without being asked names no drug: "your free consultation call",
 * not "your ketamine consult".
 */
const DRUG_WORDS = /\b(?:es)?ketamin(?:e|a)?\b|\bspravato\b|\bketalar\b/gi;

export type ProactiveLint =
  | { readonly kind: "ok"; readonly body: string }
  | { readonly kind: "namesDrug"; readonly words: readonly string[] };

/** The clinic's name with drug words taken out ("Harbor Ketamine Clinic" -> "Harbor Clinic"). */
export function proactiveClinicName(name: string): string {
  const cleaned = name.replace(DRUG_WORDS, " ").replace(/\s+/g, " ").replace(/^[\s&,-]+|[\s&,-]+$/g, "").trim();
  return cleaned.length >= 2 ? cleaned : "Your clinic";
}

/**
 * Checks a proactive text. The clinic's own name is rewritten to {@link proactiveClinicName};
 * any other drug name is refused rather than rewritten, because changing what a person
 * wrote (a staff reply) could change its meaning.
 */
export function lintProactiveSms(body: string, clinicName: string): ProactiveLint {
  const rewritten = clinicName ? body.split(clinicName).join(proactiveClinicName(clinicName)) : body;
  const words = [...new Set((rewritten.match(DRUG_WORDS) ?? []).map((w) => w.toLowerCase()))];
  return words.length > 0 ? { kind: "namesDrug", words } : { kind: "ok", body: rewritten };
}
