import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let words: ReadonlySet<string> | undefined;

/**
 * True when a word is ordinary English (Hunspell en_US from `dictionary-en`). The matcher never
 * "corrects" a real word into an FAQ word ("order" is not a typo of "older") and counts it as
 * off-topic evidence. The word list is made on first use (about 150 ms, 7 MB).
 */
export function isEnglishWord(word: string): boolean {
  words ??= loadWords();
  const w = word.replaceAll("’", "'");
  // Messages are folded to lowercase, so a name ("rome", "zoloft") is checked capitalised too:
  // it must never be "corrected" into a lexicon word ("rope").
  return words.has(w) || (w.length > 1 && words.has(w[0]!.toUpperCase() + w.slice(1)));
}

/**
 * The -ing word that a dropped final g stands for ("takin" is "taking", "shootin him" is "shooting
 * him"), or undefined when the word is a word of its own ("robin", "within", "cabin") or stands for
 * no -ing word. Read the same way by the classifiers' spelling corrector and the crisis patterns.
 */
export function droppedG(word: string, isWord: (word: string) => boolean = isEnglishWord): string | undefined {
  return word.length >= 5 && word.endsWith("in") && !isWord(word) && isWord(`${word}g`) ? `${word}g` : undefined;
}

function loadWords(): ReadonlySet<string> {
  // Read the files directly: the package's own entry point uses top-level await, which CJS callers cannot load.
  const dir = dirname(createRequire(import.meta.url).resolve("dictionary-en"));
  return hunspellWords(readFileSync(join(dir, "index.aff"), "utf8"), readFileSync(join(dir, "index.dic"), "utf8"));
}

interface AffixRule {
  strip: string;
  add: string;
  condition: RegExp;
}

interface Affix {
  prefix: boolean;
  /** Whether it combines with the other kind ("un" + "do" + "ing"). */
  crossProduct: boolean;
  rules: AffixRule[];
}

/**
 * Every word form a Hunspell dictionary accepts: each stem of the `.dic` file, with each of its
 * suffixes and prefixes from the `.aff` file applied where their conditions hold, and prefixes on
 * the suffixed forms where both may combine. That is what a spell checker's "is this correct"
 * answers for the en_US dictionary (one-character flags, no continuation classes), as a set:
 * half the memory of a checker (nspell kept the affix machinery and 13 MB) and no work per lookup.
 * Compound rules (en_US uses them only for ordinals such as "21st") are left out: words with
 * digits never reach this check. Stems only allowed inside compounds are left out too.
 */
export function hunspellWords(aff: string, dic: string): Set<string> {
  const affixes = new Map<string, Affix>();
  let onlyInCompound: string | undefined;
  for (const line of aff.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f[0] === "ONLYINCOMPOUND") onlyInCompound = f[1];
    if ((f[0] !== "PFX" && f[0] !== "SFX") || f.length < 4) continue;
    const flag = f[1]!;
    const prefix = f[0] === "PFX";
    const affix = affixes.get(flag);
    if (!affix) {
      // The header line of a group: PFX flag cross-product count.
      affixes.set(flag, { prefix, crossProduct: f[2] === "Y", rules: [] });
      continue;
    }
    const condition = f[4] ?? ".";
    affix.rules.push({
      strip: f[2] === "0" ? "" : f[2]!,
      add: f[3] === "0" ? "" : f[3]!.split("/")[0]!,
      condition: new RegExp(prefix ? `^${condition}` : `${condition}$`),
    });
  }

  const words = new Set<string>();
  for (const line of dic.split("\n").slice(1)) {
    const entry = line.trim();
    if (!entry) continue;
    const slash = entry.indexOf("/");
    const stem = slash < 0 ? entry : entry.slice(0, slash);
    const flags = slash < 0 ? "" : entry.slice(slash + 1);
    if (!onlyInCompound || !flags.includes(onlyInCompound)) words.add(stem);
    const combinable: string[] = [];
    const prefixes: Affix[] = [];
    for (const flag of flags) {
      const affix = affixes.get(flag);
      if (!affix) continue;
      if (affix.prefix) {
        prefixes.push(affix);
        continue;
      }
      for (const rule of affix.rules) {
        if (!rule.condition.test(stem) || !stem.endsWith(rule.strip)) continue;
        const form = stem.slice(0, stem.length - rule.strip.length) + rule.add;
        words.add(form);
        if (affix.crossProduct) combinable.push(form);
      }
    }
    for (const affix of prefixes) {
      const bases = affix.crossProduct ? [stem, ...combinable] : [stem];
      for (const rule of affix.rules) {
        for (const base of bases) if (rule.condition.test(base) && base.startsWith(rule.strip)) words.add(rule.add + base.slice(rule.strip.length));
      }
    }
  }
  return words;
}
