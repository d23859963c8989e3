import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseYaml } from "../util/parsed-yaml.js";
import type { z } from "zod";
import { INTENT_IDS, faqEntrySchema, intentSchema } from "./schema.js";
import type { FaqEntry, IntentDef, KnowledgeBase } from "./types.js";
import { validateKnowledgeBase, type KbProblem } from "./validate.js";

/** The project root (where `faq/` and `intents/` live), from this file's place in `src/knowledge/`. */
export { PROJECT_ROOT } from "../util/project-root.js";
import { PROJECT_ROOT } from "../util/project-root.js";

/** Thrown at start-up when `faq/` or `intents/` is invalid; the message lists every problem. */
export class KnowledgeBaseError extends Error {
  override readonly name = "KnowledgeBaseError";
  constructor(readonly problems: readonly KbProblem[]) {
    super(`Knowledge base is invalid:\n${problems.map(formatProblem).join("\n")}`);
  }
}

/** "faq/side-effects.yaml answers.sms: ..." */
export function formatProblem(p: KbProblem): string {
  return `${p.file} ${p.field}: ${p.message}`;
}

/**
 * Reads and validates `faq/*.yaml` and `intents/*.yaml` under `dir`. Returns what loaded
 * and every problem found; entries with schema errors are left out of `kb`.
 */
export function readKnowledgeBase(dir: string = PROJECT_ROOT): { kb: KnowledgeBase; problems: KbProblem[] } {
  const problems: KbProblem[] = [];
  const faq = new Map<string, FaqEntry>();
  for (const file of yamlFiles(dir, "faq", problems)) {
    const entry = parseFile(dir, file, faqEntrySchema, problems);
    if (entry) faq.set(entry.id, entry);
  }
  const intents = new Map<string, IntentDef>();
  for (const file of yamlFiles(dir, "intents", problems)) {
    const intent = parseFile(dir, file, intentSchema, problems);
    if (intent) intents.set(intent.id, intent);
  }
  for (const id of INTENT_IDS) {
    if (!intents.has(id) && !problems.some((p) => p.file === `intents/${id}.yaml`)) {
      problems.push({ file: `intents/${id}.yaml`, field: "(file)", message: "missing: the pipeline needs this intent" });
    }
  }
  const kb: KnowledgeBase = { faq, intents };
  problems.push(...validateKnowledgeBase(kb));
  return { kb, problems };
}

/** Loads the knowledge base for start-up; throws a KnowledgeBaseError naming each file and field that is wrong. */
export function loadKnowledgeBase(dir: string = PROJECT_ROOT): KnowledgeBase {
  const { kb, problems } = readKnowledgeBase(dir);
  if (problems.length > 0) throw new KnowledgeBaseError(problems);
  return kb;
}

function yamlFiles(dir: string, folder: string, problems: KbProblem[]): string[] {
  try {
    return readdirSync(join(dir, folder))
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => `${folder}/${name}`);
  } catch (error) {
    problems.push({ file: `${folder}/`, field: "(folder)", message: `cannot read: ${(error as Error).message}` });
    return [];
  }
}

function parseFile<S extends z.ZodType<{ id: string }>>(dir: string, file: string, schema: S, problems: KbProblem[]): z.infer<S> | undefined {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(join(dir, file), "utf8"));
  } catch (error) {
    problems.push({ file, field: "(yaml)", message: (error as Error).message.split("\n")[0] ?? "invalid YAML" });
    return undefined;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file, field: issue.path.length > 0 ? formatPath(issue.path) : "(root)", message: issue.message });
    }
    return undefined;
  }
  const expected = basename(file).replace(/\.ya?ml$/, "");
  if (parsed.data.id !== expected) {
    problems.push({ file, field: "id", message: `"${parsed.data.id}" must equal the file name "${expected}"` });
    return undefined;
  }
  return parsed.data;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}
