import { join } from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "../util/project-root.js";
import { readYamlFile } from "./data-file.js";

export type Language = "en" | "es";

const schema = z.strictObject({
  version: z.literal(1),
  languages: z.strictObject({ en: z.array(z.string().regex(/^[a-z]+$/)).min(10), es: z.array(z.string().regex(/^[a-z]+$/)).min(10) }),
});

/**
 * Tells English from Spanish by the function words a message uses (`vocabulary/languages.yaml`).
 * General-purpose detectors need more text than an SMS has; two candidate languages and
 * their commonest words decide a three-word message well. Null when the message has no clue.
 */
export class LanguageGuesser {
  private readonly en: ReadonlySet<string>;
  private readonly es: ReadonlySet<string>;

  constructor(root: string = PROJECT_ROOT) {
    const data = readYamlFile(join(root, "vocabulary/languages.yaml"), schema, root);
    this.en = new Set(data.languages.en);
    this.es = new Set(data.languages.es);
  }

  /** Guesses from folded tokens; Spanish needs more Spanish clues than English ones. */
  guess(tokens: readonly string[]): Language | null {
    const { en, es } = this.score(tokens);
    if (es === 0 && en === 0) return null;
    return es > en ? "es" : "en";
  }

  /** How many of the tokens are each language's function words. */
  score(tokens: readonly string[]): { en: number; es: number } {
    let en = 0;
    let es = 0;
    for (const t of tokens) {
      if (this.en.has(t)) en++;
      if (this.es.has(t)) es++;
    }
    return { en, es };
  }
}
