/**
 * The key two phrasings are compared by: lowercase letters and digits, single spaces.
 * "How long does it LAST?" and "how long does it last" are the same question.
 */
export function questionKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2018\u2019]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
