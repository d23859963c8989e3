import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { yamlFilesIn } from "../../src/nlu/data-file.js";
import { LanguageGuesser } from "../../src/nlu/language.js";
import { detectLanguage } from "../../src/pipeline/language.js";
import { foldWords } from "../../src/text/fold-words.js";
import { PROJECT_ROOT } from "../../src/util/project-root.js";

/**
 * How well the first message tells the conversation's language, measured on the understanding
 * model's short messages: training/understanding/*.es.yaml (Spanish) against *.yaml (English).
 * The files that ask for a language ("english please" in a Spanish file) are left out: their
 * language is the one asked for, which the switch reads, not the guesser.
 */
const guesser = new LanguageGuesser();
const fresh = { language: undefined, languageChosen: undefined, turns: 1, dialog: null } as const;

function examples(language: "en" | "es"): string[] {
  return yamlFilesIn(join(PROJECT_ROOT, "training/understanding"))
    .filter((f) => (language === "es") === f.endsWith(".es.yaml") && !basename(f).startsWith("intent-language-"))
    .flatMap((f) => (parse(readFileSync(f, "utf8")) as { examples: string[] }).examples);
}

function measure(language: "en" | "es") {
  const texts = examples(language);
  let right = 0;
  let unknown = 0;
  const wrong: string[] = [];
  for (const text of texts) {
    const { en, es } = guesser.score(foldWords(text));
    if (en === 0 && es === 0) unknown++;
    // A first message without a clue leaves the conversation English (no widget hint here).
    if ((detectLanguage(fresh, text, guesser) ?? "en") === language) right++;
    else wrong.push(text);
  }
  return { n: texts.length, right, unknown, accuracy: right / texts.length, wrong };
}

describe("language of the first message (training/understanding, short SMS-style messages)", () => {
  const es = measure("es");
  const en = measure("en");
  it("reports its accuracy", () => {
    console.log(
      `language guess on first messages: Spanish ${es.right}/${es.n} = ${(100 * es.accuracy).toFixed(1)}% (${es.unknown} without a clue); ` +
        `English ${en.right}/${en.n} = ${(100 * en.accuracy).toFixed(1)}% (${en.unknown} without a clue)`,
    );
    console.log(`Spanish read as English (first 15): ${JSON.stringify(es.wrong.slice(0, 15))}`);
    console.log(`English read as Spanish (first 15): ${JSON.stringify(en.wrong.slice(0, 15))}`);
    expect(es.n).toBeGreaterThan(300);
    expect(en.n).toBeGreaterThan(300);
  });

  it("reads at least 90% of Spanish messages as Spanish and 97% of English ones as English", () => {
    expect(es.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(en.accuracy).toBeGreaterThanOrEqual(0.97);
  });
});
