/**
 * Claims the curation standard (shared/kb-curation.md, "What the seeds get wrong") forbids in any
 * answer. kb:check fails when one appears, so a later edit cannot slip them back in.
 */
/** One claim answers must never make. */
export interface ForbiddenClaim {
  readonly pattern: RegExp;
  readonly why: string;
}

/** Patterns for the errors the seeds make, each with the reason kb:check prints. */
export const FORBIDDEN_CLAIMS: readonly ForbiddenClaim[] = [
  { pattern: /\d\s*%|\bpercent\b|\bsuccess rate (is|of)\b/i, why: "states a success rate; say results vary instead" },
  { pattern: /two-part molecule|glutamic acid|phencyclidine/i, why: "ketamine is one molecule; it contains no glutamic acid" },
  { pattern: /receptors? (responsible for )?produc\w* glutamate/i, why: "receptors do not produce glutamate" },
  { pattern: /stomach lining|absorbed (quickly|fast) (from|through) the stomach/i, why: "oral ketamine is poorly absorbed" },
  { pattern: /date[- ]rape|recreational|\bravers?\b|party drug|k-?hole/i, why: "recreational-use history is not answer material" },
  { pattern: /cortisol|dopamine/i, why: "cortisol and dopamine claims are not answer material" },
  { pattern: /\b(will|can|guaranteed? to) cure\b|\bcures depression\b|\bguarantee/i, why: "never promise a cure or an outcome" },
];

/**
 * True when a sentence calls racemic ketamine FDA-approved for depression. Esketamine (Spravato)
 * is approved; ketamine is approved as an anesthetic and used off-label for depression.
 */
export function claimsKetamineApprovedForDepression(text: string): boolean {
  return text.split(/(?<=[.!?])\s+/).some((sentence) => {
    const s = sentence.toLowerCase();
    return (
      /(?<!es)\bketamine\b/.test(s) &&
      /fda[- ]approved|approved by the fda/.test(s) &&
      /depress/.test(s) &&
      !/off-label|anesthetic|esketamine|spravato/.test(s)
    );
  });
}

/** Every forbidden claim found in a text, as readable reasons. */
export function findForbiddenClaims(text: string): string[] {
  const found = FORBIDDEN_CLAIMS.filter((c) => c.pattern.test(text)).map((c) => c.why);
  if (claimsKetamineApprovedForDepression(text)) found.push("calls ketamine FDA-approved for depression (only esketamine is)");
  return found;
}
