import { join } from "node:path";
import { z } from "zod";
import { readYamlFile } from "../nlu/data-file.js";
import { PROJECT_ROOT } from "../util/project-root.js";
import { foldWords } from "../text/fold-words.js";

const word = z.string().regex(/^[a-z0-9]+$/, "must be one lowercase word without accents");
const schema = z.strictObject({
  version: z.literal(1),
  names: z.array(z.array(word).min(1)).min(1),
  ketamine: z.array(word).min(1),
  comparisons: z.array(word).min(1),
  between: z.array(word),
  topics: z.array(z.string().min(1)).min(1),
});

/**
 * Tells a question about another medicine or treatment ("what are the side effects of lithium")
 * from a question about ketamine, which the classifier confuses because the rest of the words are
 * a ketamine question's. Data: `vocabulary/other-treatments.yaml`.
 */
export class OtherTreatments {
  private readonly names: ReadonlySet<string>;
  private readonly ketamine: ReadonlySet<string>;
  private readonly comparisons: ReadonlySet<string>;
  private readonly between: ReadonlySet<string>;
  /** The entries whose answer would be about ketamine's own properties (never overridden otherwise). */
  readonly topics: ReadonlySet<string>;

  constructor(root: string = PROJECT_ROOT) {
    const file = readYamlFile(join(root, "vocabulary/other-treatments.yaml"), schema, root);
    this.names = new Set(file.names.flat());
    this.ketamine = new Set(file.ketamine);
    this.comparisons = new Set(file.comparisons);
    this.between = new Set(file.between);
    this.topics = new Set(file.topics);
  }

  /**
   * The other medicine or treatment a question is about, as the person wrote it (lowercase), or
   * null: null when it names none, names ketamine too, or compares the two ("faster than zoloft?").
   */
  subjectOf(text: string): string | null {
    const w = foldWords(text);
    let found: string | null = null;
    for (let i = 0; i < w.length; i++) {
      const t = w[i]!;
      if (this.ketamine.has(t)) return null;
      if (!this.names.has(t)) continue;
      if (this.compared(w, i)) return null;
      found ??= t;
    }
    return found;
  }

  /** True when a comparison word comes just before word `i`, or with at most two linking words between ("different from my"). */
  private compared(w: readonly string[], i: number): boolean {
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      if (this.comparisons.has(w[j]!)) return true;
      if (!this.between.has(w[j]!)) return false;
    }
    return false;
  }
}
