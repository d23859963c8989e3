import { createHash } from "node:crypto";
/**
 * A compiled pattern file: exclusions blanked out first, then rules tried in order.
 * Built by `load-patterns.ts`; matching is pure and synchronous.
 */

/** One rule after macro expansion and compilation. */
export interface CompiledRule<Meta> {
  readonly name: string;
  readonly meta: Meta;
  readonly regex: RegExp;
}

/** What an exclusion leaves in place of the span it removed; `\w`-based windows cannot cross it. */
const BLANK = " | ";

export class PatternSet<Meta> {
  private readonly exclusions: RegExp | null;
  /** Changes when the exclusions change (a model trained with them is then retrained). */
  readonly fingerprint: string;

  constructor(
    readonly rules: readonly CompiledRule<Meta>[],
    exclusionSources: readonly string[],
  ) {
    this.fingerprint = createHash("sha256").update(exclusionSources.join("\n")).digest("hex").slice(0, 12);
    this.exclusions =
      exclusionSources.length > 0 ? new RegExp(exclusionSources.map((s) => `(?:${s})`).join("|"), "g") : null;
  }

  /** The text with every exclusion span blanked out. */
  stripExclusions(normalised: string): string {
    return this.exclusions ? normalised.replace(this.exclusions, BLANK) : normalised;
  }

  /** The first rule matching any of the normalised readings, after exclusions. */
  match(readings: readonly string[]): CompiledRule<Meta> | undefined {
    for (const reading of readings) {
      const text = this.stripExclusions(reading);
      for (const rule of this.rules) if (rule.regex.test(text)) return rule;
    }
    return undefined;
  }
}
