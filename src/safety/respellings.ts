import { join } from "node:path";
import { z } from "zod";
import { readYamlFile } from "../nlu/data-file.js";
import { lowercaseWords, tokenMap } from "../nlu/vocabulary.js";
import { PROJECT_ROOT } from "../util/project-root.js";

const schema = z.strictObject({
  version: z.literal(1),
  tokens: tokenMap,
  phrases: z.array(z.strictObject({ from: lowercaseWords, to: lowercaseWords, prefix: z.boolean().optional() })),
});

/** What the safety screen respells before its patterns are tried (`vocabulary/safety-respellings.yaml`). */
export interface SafetyRespellings {
  /** A whole token and the words it reads as ("wanna" → "want to"). */
  readonly tokens: ReadonlyMap<string, string>;
  /** Phrases read as one, after the tokens ("i am" → "im"), in the file's order. */
  readonly phrases: readonly (readonly [RegExp, string])[];
}

/** Reads and validates `vocabulary/safety-respellings.yaml`; throws naming the file and field at fault. */
export function loadSafetyRespellings(root: string = PROJECT_ROOT): SafetyRespellings {
  const data = readYamlFile(join(root, "vocabulary/safety-respellings.yaml"), schema, root);
  return {
    tokens: new Map(Object.entries(data.tokens)),
    phrases: data.phrases.map((p) => [new RegExp(`\\b${p.from}${p.prefix ? "" : "\\b"}`, "g"), p.to] as const),
  };
}
