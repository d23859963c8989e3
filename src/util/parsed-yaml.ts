import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "./project-root.js";

/**
 * Every data file the bot reads at start-up (faq/, intents/, wording/, the safety patterns, the
 * vocabulary) is YAML, and parsing it is a tenth of the compiled server's start-up. `npm run
 * build` therefore keeps what each file parsed to, as JSON, keyed by the SHA-1 of the file's
 * text ({@link recordParsedYaml}, {@link writeParsedYaml}); the compiled server reads that once
 * ({@link useParsedYaml}) and {@link parseYaml} returns a hit as JSON instead of parsing.
 *
 * Only the parsing is skipped: callers validate what they get with their zod schemas as before,
 * so a bad file still stops start-up naming the file and field. A file whose text changed since
 * the build has another hash and is parsed as YAML (a miss costs nothing but the parse), and a
 * value that JSON cannot carry exactly (an infinity, a date) is never kept.
 */
const FORMAT = "parsed-yaml 1";

/** Where `npm run build` keeps the cache, beside the trained models (dist/models). */
export const BUILT_PARSED_YAML = join(PROJECT_ROOT, "dist", "models", "parsed-yaml.txt");

/** Hash → the parsed value as JSON text (parsed again on every hit: callers may change what they get). */
let known: Map<string, string> | undefined;
/** While the build records: hash → the parsed value. */
let recording: Map<string, unknown> | undefined;

/** Parses YAML text, from the build's cache when it holds this exact text. */
export function parseYaml(text: string): unknown {
  if (!known && !recording) return parse(text);
  const key = createHash("sha1").update(text).digest("base64");
  const json = known?.get(key);
  if (json !== undefined) return JSON.parse(json);
  const value: unknown = parse(text);
  recording?.set(key, value);
  return value;
}

/** Reads a cache written by {@link writeParsedYaml}; a missing or foreign file leaves parsing as it is. Returns how many entries it holds. */
export function useParsedYaml(path: string): number {
  if (!existsSync(path)) return 0;
  const [format, ...lines] = readFileSync(path, "utf8").split("\n");
  if (format !== FORMAT) return 0;
  const entries = new Map<string, string>();
  for (const line of lines) {
    const tab = line.indexOf("\t");
    if (tab > 0) entries.set(line.slice(0, tab), line.slice(tab + 1));
  }
  known = entries;
  return entries.size;
}

/** Starts keeping what {@link parseYaml} parses, for {@link writeParsedYaml}. */
export function recordParsedYaml(): void {
  recording = new Map();
}

/** Writes what was parsed since {@link recordParsedYaml} (values JSON keeps exactly) and stops recording. Returns how many entries it wrote. */
export function writeParsedYaml(path: string): number {
  const lines = [FORMAT];
  for (const [key, value] of recording ?? []) {
    const json = JSON.stringify(value);
    if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) lines.push(`${key}\t${json}`);
  }
  recording = undefined;
  writeFileSync(path, `${lines.join("\n")}\n`);
  return lines.length - 1;
}

/** Back to plain parsing, the cache dropped from memory (once start-up has loaded the data files, and in tests). */
export function forgetParsedYaml(): void {
  known = undefined;
  recording = undefined;
}
