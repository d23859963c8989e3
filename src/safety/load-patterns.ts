/**
 * Loads and validates the three pattern files beside this module. Any mistake (a missing
 * field, an unknown macro, a regex that does not compile, a capturing group) fails at
 * start-up with the file and the field named, never at screening time.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseYaml } from "../util/parsed-yaml.js";
import { z } from "zod";
import { PROJECT_ROOT } from "../util/project-root.js";
import { MODEL_DIR } from "../nlu/model-cache.js";
import { yamlFilesIn } from "../nlu/data-file.js";
import type { CrisisCategory } from "./types.js";
import { PatternSet, type CompiledRule, type NeededStrings } from "./pattern-set.js";
import { normalisedVariants } from "./normalise.js";

/** Topics a medical question is filed under; the pipeline may log them, the reply is the same. */
export const MEDICAL_TOPICS = [
  "dose",
  "medication",
  "medication-change",
  "pregnancy",
  "seizures",
  "substances",
  "minors",
  "conditions",
  "driving",
] as const;
export type MedicalTopic = (typeof MEDICAL_TOPICS)[number];

const CRISIS_CATEGORIES = ["suicide", "self-harm", "overdose", "harm-to-others"] as const satisfies readonly CrisisCategory[];

const name = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be kebab-case");
const patterns = z.array(z.string().min(1)).min(1);
const examples = z.array(z.string()).default([]);

const ExclusionSchema = z.strictObject({ name, patterns, examples });
const fileSchema = <R extends z.ZodType>(rule: R) =>
  z.strictObject({
    version: z.literal(1),
    macros: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, "macro names are UPPER_CASE"), z.string().min(1)).default({}),
    exclusions: z.array(ExclusionSchema).default([]),
    rules: z.array(rule).min(1),
  });

/** `certain: true`: a statement no game or idiom says ("quiero suicidarme"): the classifier's doubt never lowers it to a check-in. */
/** `language`: the rule is written for that language, and its crisis reply is in it. */
/** `tier: check-in`: a weaker cue ("just relapsed", "in case i'm still around by then"): it gets the check-in, unless the classifier reads a crisis. */
const CrisisFileSchema = fileSchema(
  z.strictObject({
    name,
    category: z.enum(CRISIS_CATEGORIES),
    certain: z.boolean().optional(),
    tier: z.enum(["crisis", "check-in"]).optional(),
    language: z.enum(["en", "es"]).optional(),
    patterns,
    examples,
  }),
);
const MedicalFileSchema = fileSchema(z.strictObject({ name, topic: z.enum(MEDICAL_TOPICS), patterns, examples }));
const ManipulationFileSchema = fileSchema(z.strictObject({ name, patterns, examples }));

/** A rule's or an exclusion's examples, as the file gives them (checked at load). */
export interface RuleExamples {
  readonly rule: string;
  readonly examples: readonly string[];
}

export interface LoadedPatterns<Meta> {
  readonly set: PatternSet<Meta>;
  readonly ruleExamples: readonly RuleExamples[];
  /** Messages each exclusion exists for: none of them may be flagged. */
  readonly exclusionExamples: readonly RuleExamples[];
}

export interface SafetyPatterns {
  readonly crisis: LoadedPatterns<{ readonly category: CrisisCategory; readonly certain: boolean; readonly checkIn: boolean; readonly language?: "en" | "es" }>;
  readonly medical: LoadedPatterns<{ readonly topic: MedicalTopic }>;
  readonly manipulation: LoadedPatterns<Record<string, never>>;
}

/** Thrown at load time only. The message names the file and the field. */
export class PatternFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${field}: ${detail}`);
    this.name = "PatternFileError";
  }
}

/** This folder in the source tree: the YAML files stay in src/ when the code is compiled to dist/. */
const HERE = join(PROJECT_ROOT, "src", "safety");

/** The pattern files, in the order they are loaded (and their errors reported). */
const PATTERN_FILES = ["crisis-patterns.yaml", "medical-patterns.yaml", "manipulation-patterns.yaml"] as const;

/**
 * Bump when what the self-check means changes in a way the hashed files below do not show. The
 * stamp also hashes the source of the code the check runs (normalisation, pattern sets, this
 * file) when it is there, so an edit to the normaliser re-runs the check without a bump.
 */
const CHECK_VERSION = "pattern-check-2";
const CHECK_CODE = ["normalise.ts", "pattern-set.ts", "load-patterns.ts", "../text/required-literals.ts", "../text/literal-scanner.ts"] as const;

/**
 * Compiled pattern sets by directory. Compiling is the expensive part (V8 compiles each regex
 * on first use, about a tenth of a second in all: see {@link WARM_UP}), and the sets are
 * immutable and stateless, so every screen in a process shares one copy.
 */
const loaded = new Map<string, SafetyPatterns>();

export interface LoadPatternOptions {
  /**
   * Where stamps of pattern files that passed the self-check are kept (default `dist/models`,
   * beside the trained models). `null`: always run the check and leave no stamp.
   */
  readonly stampDir?: string | null;
}

/**
 * Reads and compiles `crisis-patterns.yaml`, `medical-patterns.yaml` and `manipulation-patterns.yaml`.
 * The self-check (every rule catches its examples, no rule catches an exclusion's: see
 * {@link compilePatternFile}) runs unless a stamp says these exact files, with this code and
 * vocabulary, already passed it; a pass leaves such a stamp (`npm run build` leaves one too).
 * Schema, macro and regex errors are always checked.
 */
export function loadSafetyPatterns(dir: string = HERE, options: LoadPatternOptions = {}): SafetyPatterns {
  const stampDir = options.stampDir === undefined ? MODEL_DIR : options.stampDir;
  const cached = stampDir === null ? undefined : loaded.get(dir);
  if (cached) return cached;
  const texts = PATTERN_FILES.map((name) => readPatternFile(join(dir, name)));
  const stamp = stampDir === null ? null : stampPath(stampDir, texts);
  const stamped = stamp === null ? undefined : readStamp(stamp);
  const check = stamped === undefined;
  const [crisis, medical, manipulation] = texts.map((t) => t.text) as [string, string, string];
  const patterns: SafetyPatterns = {
    crisis: loadFile(join(dir, PATTERN_FILES[0]), crisis, CrisisFileSchema, (r) => ({ category: r.category, certain: r.certain === true, checkIn: r.tier === "check-in", ...(r.language ? { language: r.language } : {}) }), check, stamped?.crisis),
    medical: loadFile(join(dir, PATTERN_FILES[1]), medical, MedicalFileSchema, (r) => ({ topic: r.topic }), check, stamped?.medical),
    manipulation: loadFile(join(dir, PATTERN_FILES[2]), manipulation, ManipulationFileSchema, () => ({}), check, stamped?.manipulation),
  };
  if (check && stamp !== null) writeStamp(stamp, { crisis: patterns.crisis.set.needs, medical: patterns.medical.set.needs, manipulation: patterns.manipulation.set.needs });
  loaded.set(dir, patterns);
  return patterns;
}

/** The stamp that says the pattern files in `dir`, as they are now, passed the self-check (it may not exist yet). */
export function patternStampPath(dir: string = HERE, stampDir: string = MODEL_DIR): string {
  return stampPath(stampDir, PATTERN_FILES.map((name) => readPatternFile(join(dir, name))));
}

function stampPath(stampDir: string, files: readonly { name: string; text: string }[]): string {
  return join(stampDir, `patterns-${patternStamp(files)}.ok`);
}

function readPatternFile(path: string): { name: string; text: string } {
  try {
    return { name: path.split("/").pop()!, text: readFileSync(path, "utf8") };
  } catch (err) {
    throw new PatternFileError(path, "(file)", err instanceof Error ? err.message : String(err));
  }
}

/**
 * What a stamp is named by: the pattern files' names and contents, the vocabulary files, the
 * check's code version and the check's source files (each hashed as absent when missing, as in a
 * deployment of `dist/` alone, where the version is what changes it).
 */
function patternStamp(files: readonly { name: string; text: string }[]): string {
  const hash = createHash("sha256").update(CHECK_VERSION);
  const part = (name: string, bytes: Uint8Array) => hash.update(`\u0001${name}\u0000${bytes.byteLength}\u0000`).update(bytes);
  for (const f of files) part(f.name, Buffer.from(f.text, "utf8"));
  const vocabulary = join(PROJECT_ROOT, "vocabulary");
  for (const f of existsSync(vocabulary) ? yamlFilesIn(vocabulary) : []) part(`vocabulary/${f.split("/").pop()}`, readFileSync(f));
  for (const name of CHECK_CODE) {
    const path = join(HERE, name);
    part(`code/${name}`, existsSync(path) ? readFileSync(path) : Buffer.from("(absent)"));
  }
  return hash.digest("hex").slice(0, 16);
}

/** What a stamp keeps besides its name: the strings each rule and exclusion needs (pattern-set.ts). */
const needed = z.array(z.array(z.string().min(1)).min(1).nullable());
const StampSchema = z.strictObject({
  passed: z.string(),
  needs: z.strictObject({
    crisis: z.strictObject({ rules: needed, exclusions: needed }),
    medical: z.strictObject({ rules: needed, exclusions: needed }),
    manipulation: z.strictObject({ rules: needed, exclusions: needed }),
  }),
});
interface StampedNeeds {
  readonly crisis: NeededStrings;
  readonly medical: NeededStrings;
  readonly manipulation: NeededStrings;
}

/** The stamp's contents, or `undefined` when it is missing or unreadable (the check then runs and writes it again). */
function readStamp(path: string): StampedNeeds | undefined {
  try {
    if (!existsSync(path)) return undefined;
    const parsed = StampSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data.needs : undefined;
  } catch {
    return undefined;
  }
}

/** A read-only deployment only loses the shortcut: the check runs at every start. */
function writeStamp(path: string, needs: StampedNeeds): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ passed: new Date().toISOString(), needs })}\n`);
  } catch {
    // Nowhere to write: check again next time.
  }
}

interface RuleShape {
  name: string;
  patterns: string[];
  examples: string[];
}
interface FileShape<Rule extends RuleShape> {
  version: 1;
  macros: Record<string, string>;
  exclusions: RuleShape[];
  rules: Rule[];
}

function loadFile<Rule extends RuleShape, Meta>(
  path: string,
  text: string,
  schema: z.ZodType<FileShape<Rule>>,
  metaOf: (rule: Rule) => Meta,
  check: boolean,
  needs?: NeededStrings,
): LoadedPatterns<Meta> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new PatternFileError(path, "(file)", err instanceof Error ? err.message : String(err));
  }
  return compilePatternFile(path, raw, schema, metaOf, check, needs);
}

/**
 * Validates and compiles one parsed pattern file, and with `check` screens one ordinary message
 * ({@link WARM_UP}) so V8 compiles every regex before it runs the self-check ({@link checkExamples}).
 * Without it, {@link warmUpSteps} does the compiling once the server listens. Exported for tests of
 * the failure messages.
 */
export function compilePatternFile<Rule extends RuleShape, Meta>(
  file: string,
  raw: unknown,
  schema: z.ZodType<FileShape<Rule>>,
  metaOf: (rule: Rule) => Meta,
  check = true,
  needs?: NeededStrings,
): LoadedPatterns<Meta> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PatternFileError(file, fieldPath(issue.path) || "(root)", issue.message);
  }
  const data = parsed.data;
  const expand = macroExpander(file, data.macros);

  const seen = new Set<string>();
  const compile = (field: string, source: string): { source: string; regex: RegExp } => {
    const expanded = expand(field, source);
    if (/(?<!\\)\((?!\?)/.test(expanded)) {
      throw new PatternFileError(file, field, "capturing group: use (?:...) so rules can be combined");
    }
    try {
      return { source: expanded, regex: new RegExp(expanded) };
    } catch (err) {
      throw new PatternFileError(file, field, `invalid regex: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const checkName = (field: string, n: string) => {
    if (seen.has(n)) throw new PatternFileError(file, field, `duplicate name "${n}"`);
    seen.add(n);
  };

  const exclusionSources = data.exclusions.flatMap((ex, i) => {
    checkName(`exclusions[${i}].name`, ex.name);
    return ex.patterns.map((p, j) => compile(`exclusions[${i}] (${ex.name}).patterns[${j}]`, p).source);
  });

  const rules: CompiledRule<Meta>[] = data.rules.map((rule, i) => {
    checkName(`rules[${i}].name`, rule.name);
    const sources = rule.patterns.map((p, j) => compile(`rules[${i}] (${rule.name}).patterns[${j}]`, p).source);
    const joined = sources.map((s) => `(?:${s})`).join("|");
    return { name: rule.name, meta: metaOf(rule), regex: new RegExp(joined) };
  });

  const set = new PatternSet(rules, exclusionSources, needs);
  if (check) {
    set.warmUp(normalisedVariants(WARM_UP));
    checkExamples(file, set, data);
  }
  return {
    set,
    ruleExamples: data.rules.map((r) => ({ rule: r.name, examples: r.examples })),
    exclusionExamples: data.exclusions.map((e) => ({ rule: e.name, examples: e.examples })),
  };
}

/**
 * Screened first, so V8 compiles every rule and the exclusions before the self-check or the first
 * message. Caught by no rule, so every rule runs. Over 1,000 characters: V8 then
 * compiles a regex straight to machine code, where a short text first has it built as bytecode
 * for its interpreter (for these patterns, made large by their macros, that alone takes about
 * half a second) and compiled again later. Normalised as a message is: V8 compiles a regex per
 * string representation, and normalised text is not in the one a literal has.
 */
const WARM_UP = "Hi there, how long does a visit take and what does it cost if I come in next week? ".repeat(13);

/**
 * Each rule must catch its own examples and no rule may catch an exclusion's examples, so a
 * pattern edit that breaks one fails at start-up, not in a conversation. Running them also
 * warms V8's lazily compiled regexes, so the first real message is screened at full speed.
 */
function checkExamples<Meta>(file: string, set: PatternSet<Meta>, data: FileShape<RuleShape>): void {
  data.rules.forEach((rule, i) => {
    rule.examples.forEach((example, j) => {
      const caught = normalisedVariants(example).some((reading) => set.ruleMatches(i, set.stripExclusions(reading)));
      if (!caught) throw new PatternFileError(file, `rules[${i}] (${rule.name}).examples[${j}]`, `"${example}" is not matched by this rule`);
    });
  });
  data.exclusions.forEach((ex, i) => {
    ex.examples.forEach((example, j) => {
      const hit = set.match(normalisedVariants(example));
      if (hit) throw new PatternFileError(file, `exclusions[${i}] (${ex.name}).examples[${j}]`, `"${example}" is still matched, by rule ${hit.name}`);
    });
  });
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

/** `{NAME}` expands to the macro's source; macros may use other macros, a few levels deep. */
function macroExpander(file: string, macros: Readonly<Record<string, string>>) {
  return (field: string, source: string): string => {
    let out = source;
    for (let depth = 0; depth < 5 && /\{[A-Z][A-Z0-9_]*\}/.test(out); depth++) {
      out = out.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_, key: string) => {
        const value = macros[key];
        if (value === undefined) throw new PatternFileError(file, field, `unknown macro {${key}}`);
        return value;
      });
    }
    if (/\{[A-Z][A-Z0-9_]*\}/.test(out)) throw new PatternFileError(file, field, "macros nest too deep");
    return out;
  };
}

/**
 * V8's compilation of every pattern, in small steps (a rule, or the exclusions, at a time) that a
 * server runs between requests once it listens, so neither start-up nor a person's first message
 * waits for it. Running them changes no verdict.
 */
export function warmUpSteps(patterns: SafetyPatterns): (() => void)[] {
  const readings = normalisedVariants(WARM_UP);
  return [patterns.crisis.set, patterns.medical.set, patterns.manipulation.set].flatMap((set) => set.warmUpSteps(readings));
}

