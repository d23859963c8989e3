/**
 * Loads and validates the three pattern files beside this module. Any mistake (a missing
 * field, an unknown macro, a regex that does not compile, a capturing group) fails at
 * start-up with the file and the field named, never at screening time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { PROJECT_ROOT } from "../util/project-root.js";
import type { CrisisCategory } from "./types.js";
import { PatternSet, type CompiledRule } from "./pattern-set.js";
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
const CrisisFileSchema = fileSchema(z.strictObject({ name, category: z.enum(CRISIS_CATEGORIES), certain: z.boolean().optional(), language: z.enum(["en", "es"]).optional(), patterns, examples }));
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
  readonly crisis: LoadedPatterns<{ readonly category: CrisisCategory; readonly certain: boolean; readonly language?: "en" | "es" }>;
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

/**
 * Compiled pattern sets by directory. Compiling is the expensive part (V8 compiles each regex
 * on first use, a few hundred milliseconds in all), and the sets are immutable and stateless,
 * so every screen in a process shares one copy.
 */
const loaded = new Map<string, SafetyPatterns>();

/** Reads and compiles `crisis-patterns.yaml`, `medical-patterns.yaml` and `manipulation-patterns.yaml`. */
export function loadSafetyPatterns(dir: string = HERE): SafetyPatterns {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const patterns: SafetyPatterns = {
    crisis: loadFile(join(dir, "crisis-patterns.yaml"), CrisisFileSchema, (r) => ({ category: r.category, certain: r.certain === true, ...(r.language ? { language: r.language } : {}) })),
    medical: loadFile(join(dir, "medical-patterns.yaml"), MedicalFileSchema, (r) => ({ topic: r.topic })),
    manipulation: loadFile(join(dir, "manipulation-patterns.yaml"), ManipulationFileSchema, () => ({})),
  };
  loaded.set(dir, patterns);
  return patterns;
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
  schema: z.ZodType<FileShape<Rule>>,
  metaOf: (rule: Rule) => Meta,
): LoadedPatterns<Meta> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new PatternFileError(path, "(file)", err instanceof Error ? err.message : String(err));
  }
  return compilePatternFile(path, raw, schema, metaOf);
}

/** Validates and compiles one parsed pattern file. Exported for tests of the failure messages. */
export function compilePatternFile<Rule extends RuleShape, Meta>(
  file: string,
  raw: unknown,
  schema: z.ZodType<FileShape<Rule>>,
  metaOf: (rule: Rule) => Meta,
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

  const set = new PatternSet(rules, exclusionSources);
  checkExamples(file, set, data);
  return {
    set,
    ruleExamples: data.rules.map((r) => ({ rule: r.name, examples: r.examples })),
    exclusionExamples: data.exclusions.map((e) => ({ rule: e.name, examples: e.examples })),
  };
}

/**
 * Each rule must catch its own examples and no rule may catch an exclusion's examples, so a
 * pattern edit that breaks one fails at start-up, not in a conversation. Running them also
 * warms V8's lazily compiled regexes, so the first real message is screened at full speed.
 */
function checkExamples<Meta>(file: string, set: PatternSet<Meta>, data: FileShape<RuleShape>): void {
  data.rules.forEach((rule, i) => {
    const compiled = set.rules[i]!;
    rule.examples.forEach((example, j) => {
      const caught = normalisedVariants(example).some((reading) => compiled.regex.test(set.stripExclusions(reading)));
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
