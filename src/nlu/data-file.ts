import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseYaml } from "../util/parsed-yaml.js";
import type { z } from "zod";

/** A data file's name (relative to the project) and raw contents, for a fingerprint. */
export interface DataFileBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A data file that is wrong: the message names the file and the field, for start-up and `kb:check`. */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file} ${field}: ${message}`);
  }
}

/**
 * Reads one YAML file and validates it with `schema`; throws a {@link DataFileError} naming the
 * first wrong field. `root` only shortens the file name in messages.
 */
export function readYamlFile<S extends z.ZodType>(path: string, schema: S, root: string): z.output<S> {
  const file = relative(root, path);
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (err) {
    throw new DataFileError(file, "(file)", (err as Error).message.split("\n")[0] ?? "unreadable");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataFileError(file, issue.path.join(".") || "(root)", issue.message);
  }
  return parsed.data;
}

/** The `.yaml` files of a folder, sorted (so training is repeatable). */
export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(dir, f));
}
