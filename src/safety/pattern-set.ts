import { createHash } from "node:crypto";
import { requiredLiterals } from "../text/required-literals.js";
import { LiteralScanner } from "../text/literal-scanner.js";
/**
 * A compiled pattern file: exclusions blanked out first, then rules tried in order.
 * Built by `load-patterns.ts`; matching is pure and synchronous.
 *
 * Each rule and each exclusion carries what a text must contain before it can match there
 * (src/text/required-literals.ts): "kill", "suic", "overdos"... A rule whose strings are all
 * absent cannot match, so its large regex is not run; the exclusions that cannot match are left
 * out of the one regex that blanks them. The result is the same as running everything (all
 * training messages, alone and in windows, were compared once; tests/safety/prefilter.test.ts
 * compares a share of them at every run); it is only faster.
 */

/** Per rule and per exclusion, in order: the strings one of which it needs in a text, or `null`. */
export interface NeededStrings {
  readonly rules: readonly (readonly string[] | null)[];
  readonly exclusions: readonly (readonly string[] | null)[];
}

/** One rule after macro expansion and compilation. */
export interface CompiledRule<Meta> {
  readonly name: string;
  readonly meta: Meta;
  readonly regex: RegExp;
}

/** What an exclusion leaves in place of the span it removed; `\w`-based windows cannot cross it. */
const BLANK = " | ";

/**
 * The exclusions are joined into regexes of at most this much source, applied one after the other.
 * V8 compiles a regex of up to 20 KB of source to machine code; a larger one runs on its bytecode
 * interpreter: the crisis file's 26,000-character union of exclusions ran 4.5 times slower than
 * its 20,000 characters of the stop before (stop 33). A later regex sees the earlier ones' blanks.
 */
const MAX_UNION_SOURCE = 16_000;

export class PatternSet<Meta> {
  /** Every exclusion, as regexes of at most {@link MAX_UNION_SOURCE} (empty: none). */
  private readonly exclusions: readonly RegExp[];
  private readonly exclusionScanner: LiteralScanner;
  /** Exclusions without needed strings, which may match any text, and their regex. */
  private readonly alwaysActive: readonly boolean[];
  private readonly alwaysExclusions: readonly RegExp[];
  private readonly ruleScanner: LiteralScanner;
  /** Changes when the exclusions change (a model trained with them is then retrained). */
  readonly fingerprint: string;

  /** What each rule and each exclusion needs (`null`: nothing known), as worked out from their regexes. */
  readonly needs: NeededStrings;

  /**
   * @param known What {@link needs} gave for these exact rules and exclusions before (a stamp
   *   keeps it, since working it out takes a tenth of a second); must be in their order.
   */
  constructor(
    readonly rules: readonly CompiledRule<Meta>[],
    exclusionSources: readonly string[],
    known?: NeededStrings,
  ) {
    this.fingerprint = createHash("sha256").update(exclusionSources.join("\n")).digest("hex").slice(0, 12);
    this.exclusions = PatternSet.unions(exclusionSources);
    const fits = known && known.rules.length === rules.length && known.exclusions.length === exclusionSources.length;
    this.needs = fits ? known : { rules: rules.map((r) => requiredLiterals(r.regex.source)), exclusions: exclusionSources.map(requiredLiterals) };
    const needs = this.needs.exclusions;
    this.exclusionScanner = new LiteralScanner(needs);
    this.alwaysActive = needs.map((n) => n === null);
    const always = exclusionSources.filter((_, i) => needs[i] === null);
    this.alwaysExclusions = PatternSet.unions(always);
    this.ruleScanner = new LiteralScanner(this.needs.rules);
  }

  /** The sources as few alternations as {@link MAX_UNION_SOURCE} allows, in their order. */
  private static unions(sources: readonly string[]): RegExp[] {
    const groups: string[][] = [];
    let size = Infinity;
    for (const source of sources) {
      const part = `(?:${source})`;
      if (size + part.length + 1 > MAX_UNION_SOURCE) {
        groups.push([]);
        size = 0;
      }
      groups.at(-1)!.push(part);
      size += part.length + 1;
    }
    return groups.map((parts) => new RegExp(parts.join("|"), "g"));
  }

  private static blank(text: string, regexes: readonly RegExp[]): string {
    let out = text;
    for (const regex of regexes) out = out.replace(regex, BLANK);
    return out;
  }

  /** The text with every exclusion span blanked out. */
  stripExclusions(normalised: string): string {
    return PatternSet.blank(normalised, this.exclusionsFor(normalised));
  }

  /**
   * Every exclusion, or, when only those that can match any text (no needed strings) may match
   * this one, the regexes of those alone: the same result, and all of them are compiled once.
   */
  private exclusionsFor(text: string): readonly RegExp[] {
    if (this.exclusions.length === 0) return this.exclusions;
    const may = this.exclusionScanner.scan(text);
    for (let i = 0; i < may.length; i++) if (may[i] && !this.alwaysActive[i]) return this.exclusions;
    return this.alwaysExclusions;
  }

  /** Whether rule `index` matches this text (already stripped of exclusions). */
  ruleMatches(index: number, text: string): boolean {
    return this.ruleScanner.scan(text)[index] === 1 && this.rules[index]!.regex.test(text);
  }

  /** The first rule matching any of the normalised readings, after exclusions. */
  match(readings: readonly string[]): CompiledRule<Meta> | undefined {
    for (const reading of readings) {
      const text = this.stripExclusions(reading);
      const may = this.ruleScanner.scan(text);
      for (let i = 0; i < this.rules.length; i++) if (may[i] && this.rules[i]!.regex.test(text)) return this.rules[i];
    }
    return undefined;
  }

  /** Runs every regex once on these readings, so V8 compiles them now rather than on a person's message. */
  warmUp(readings: readonly string[]): void {
    for (const step of this.warmUpSteps(readings)) step();
  }

  /** {@link warmUp} as steps of one regex each (the exclusions first), to run between other work. */
  warmUpSteps(readings: readonly string[]): (() => void)[] {
    let stripped: string[] = [];
    return [
      () => {
        for (const reading of readings) PatternSet.blank(reading, this.alwaysExclusions);
        stripped = readings.map((reading) => this.stripEveryExclusion(reading));
      },
      ...this.rules.map((rule) => () => {
        for (const text of stripped) rule.regex.test(text);
      }),
    ];
  }

  /** {@link match} without the literal prefilter: every exclusion and every rule runs. For the tests that compare the two. */
  matchEverything(readings: readonly string[]): CompiledRule<Meta> | undefined {
    for (const reading of readings) {
      const text = this.stripEveryExclusion(reading);
      for (const rule of this.rules) if (rule.regex.test(text)) return rule;
    }
    return undefined;
  }

  /** {@link stripExclusions} without the prefilter: every exclusion runs. */
  stripEveryExclusion(normalised: string): string {
    return PatternSet.blank(normalised, this.exclusions);
  }
}
