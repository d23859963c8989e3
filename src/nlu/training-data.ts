import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "../util/project-root.js";
import { readYamlFile, yamlFilesIn, type DataFileBytes } from "./data-file.js";

/** One training example as a data file gives it. */
export interface LabelledText {
  readonly text: string;
  readonly label: string;
  /** A finer grouping for reports (crisis kinds, look-alike kinds). */
  readonly kind?: string;
  readonly language: "en" | "es";
  /** Where it came from, relative to the project (for reports and reviews). */
  readonly file: string;
}

const trainingFileSchema = z.strictObject({
  version: z.literal(1),
  label: z.string().regex(/^[a-z0-9]+(?:[-:][a-z0-9]+)*$/, "must be a kebab-case label (intents as intent:<id>)"),
  kind: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).optional(),
  language: z.enum(["en", "es"]).default("en"),
  examples: z.array(z.string().trim().min(1, "an example is empty").max(2000)).min(1),
});

/** Reads every `*.yaml` training file in `training/<folder>/`; throws naming the file and field at fault. */
export function readTrainingFolder(folder: string, root: string = PROJECT_ROOT): LabelledText[] {
  const out: LabelledText[] = [];
  for (const path of yamlFilesIn(join(root, "training", folder))) {
    const data = readYamlFile(path, trainingFileSchema, root);
    const file = `training/${folder}/${path.split("/").pop()}`;
    for (const text of data.examples) out.push({ text, label: data.label, language: data.language, file, ...(data.kind ? { kind: data.kind } : {}) });
  }
  return out;
}

/**
 * The files of `training/<folder>/` as they are on disk, unparsed: what a model cache's
 * fingerprint hashes, so a start with a valid cached model never parses the YAML. The same
 * files, in the same order, as {@link readTrainingFolder} reads.
 */
export function trainingFolderBytes(folder: string, root: string = PROJECT_ROOT): DataFileBytes[] {
  return yamlFilesIn(join(root, "training", folder)).map((path) => ({ name: `training/${folder}/${path.split("/").pop()}`, bytes: readFileSync(path) }));
}
