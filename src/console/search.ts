import { z } from "zod";

/** The console's search box: trimmed, at most 100 characters, empty when absent or bad. */
export const searchTerm = z.string().trim().max(100).optional().catch(undefined).transform((v) => v ?? "");

/** Lower case, accents off, spaces folded: what both sides of a search compare. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The digits of a search that looks like a phone number (at least 4), else null. */
export function phoneDigits(q: string): string | null {
  if (!/^[\d\s()+.-]+$/.test(q)) return null;
  const digits = q.replace(/\D/g, "");
  return digits.length >= 4 ? digits : null;
}

/** Whether a name, number or id matches the search: a name by its words, a number by its digits. */
export function matchesPerson(q: string, fields: readonly (string | undefined | null)[]): boolean {
  const digits = phoneDigits(q);
  if (digits) return fields.some((f) => f?.replace(/\D/g, "").includes(digits) === true);
  const needle = fold(q);
  return needle !== "" && fields.some((f) => f !== undefined && f !== null && fold(f).includes(needle));
}
