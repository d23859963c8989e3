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

/**
 * The same claims in Spanish. Patterns are written without accents: they are matched against the
 * answer with its accents removed (`foldSpanish`), since Spanish SMS answers are written without
 * them and web answers with them.
 */
export const FORBIDDEN_CLAIMS_ES: readonly ForbiddenClaim[] = [
  { pattern: /\d\s*%|\bpor ciento\b|\b(tasa|indice|porcentaje) de (exito|respuesta|eficacia)\b/i, why: "states a success rate; say results vary instead" },
  { pattern: /molecula de dos partes|dos moleculas|acido glutamico|fenciclidina/i, why: "ketamine is one molecule; it contains no glutamic acid" },
  { pattern: /receptor(es)? (que|responsables? de) produc\w* (el )?glutamato|receptor(es)? produc\w* (el )?glutamato/i, why: "receptors do not produce glutamate" },
  { pattern: /(pared|revestimiento|mucosa) del estomago|se absorbe (rapido|rapidamente|bien) (en|por|desde) el estomago/i, why: "oral ketamine is poorly absorbed" },
  { pattern: /violacion|recreativ\w*|\bfiestas?\b|\braves?\b|droga de (club|fiesta)|k-?hole/i, why: "recreational-use history is not answer material" },
  { pattern: /cortisol|dopamina/i, why: "cortisol and dopamine claims are not answer material" },
  { pattern: /\b(va a|puede|podra|garantiza\w*|asegura\w*) curar\b|\bcura(ra)? (la|tu|su) depresion\b|\bgarantiz/i, why: "never promise a cure or an outcome" },
];

/** Lowercase text with its accents removed (á → a, ü → u; ñ stays ñ). */
export function foldSpanish(text: string): string {
  return text
    .toLowerCase()
    .replace(/ñ/g, "\u0000")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\u0000/g, "ñ");
}

/** The Spanish version of claimsKetamineApprovedForDepression ("la ketamina está aprobada por la FDA para la depresión"). */
export function claimsKetamineApprovedForDepressionEs(text: string): boolean {
  return foldSpanish(text)
    .split(/(?<=[.!?])\s+/)
    .some((s) => /(?<!es)\bketamina\b/.test(s) && /aprobad[ao]|aprobo|aprobacion/.test(s) && /\bfda\b/.test(s) && /depresi/.test(s) && !/fuera de indicacion|off-label|anestesi|esketamina|spravato/.test(s));
}

/** Every forbidden claim found in a text, as readable reasons; `es` checks a Spanish answer. */
export function findForbiddenClaims(text: string, language: "en" | "es" = "en"): string[] {
  if (language === "es") {
    const folded = foldSpanish(text);
    const found = FORBIDDEN_CLAIMS_ES.filter((c) => c.pattern.test(folded)).map((c) => c.why);
    if (claimsKetamineApprovedForDepressionEs(text)) found.push("calls ketamine FDA-approved for depression (only esketamine is)");
    return found;
  }
  const found = FORBIDDEN_CLAIMS.filter((c) => c.pattern.test(text)).map((c) => c.why);
  if (claimsKetamineApprovedForDepression(text)) found.push("calls ketamine FDA-approved for depression (only esketamine is)");
  return found;
}
