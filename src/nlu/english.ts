import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import nspell from "nspell";

let checker: { correct(word: string): boolean } | undefined;

/**
 * True when a word is ordinary English (Hunspell en_US from `dictionary-en`). The matcher never
 * "corrects" a real word into an FAQ word ("order" is not a typo of "older") and counts it as
 * off-topic evidence. The dictionary loads on first use (about 150 ms).
 */
export function isEnglishWord(word: string): boolean {
  checker ??= loadChecker();
  // Messages are folded to lowercase, so a name ("rome", "zoloft") is checked capitalised too:
  // it must never be "corrected" into a lexicon word ("rope").
  return checker.correct(word) || (word.length > 1 && checker.correct(word[0]!.toUpperCase() + word.slice(1)));
}

function loadChecker(): { correct(word: string): boolean } {
  // Read the files directly: the package's own entry point uses top-level await, which CJS callers cannot load.
  const dir = dirname(createRequire(import.meta.url).resolve("dictionary-en"));
  return nspell({ aff: readFileSync(join(dir, "index.aff")), dic: readFileSync(join(dir, "index.dic")) });
}
