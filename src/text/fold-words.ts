/** Lower case, accents off, words only: "¡En Español, por favor!" -> ["en", "espanol", "por", "favor"]. */
export function foldWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9\s]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);
}
