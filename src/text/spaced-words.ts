/**
 * Words typed letter by letter, with a wider gap between words: "m e  v o y  a  m a t a r" is
 * "me voy a matar". Runs of single letters one space apart are joined, and two or more spaces
 * end a word. Only a run of at least two such words, one of them two letters or longer, is read
 * this way; "a  b" stays. Expects lowercase text.
 */
const SPACED_WORDS = /(?<![a-z0-9])[a-z](?: [a-z])*(?: {2,}[a-z](?: [a-z])*)+(?![a-z0-9])/g;

export function joinSpacedWords(s: string): string {
  if (!s.includes("  ")) return s;
  return s.replace(SPACED_WORDS, (run) => {
    const words = run.split(/ {2,}/).map((w) => w.replace(/ /g, ""));
    return words.some((w) => w.length >= 2) && words.join("").length >= 4 ? words.join(" ") : run;
  });
}
