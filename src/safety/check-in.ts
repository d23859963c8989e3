import { join } from "node:path";
import { z } from "zod";
import { readYamlFile } from "../nlu/data-file.js";
import { PROJECT_ROOT } from "../util/project-root.js";

import type { CheckInAnswer } from "./types.js";

const schema = z.strictObject({
  version: z.literal(1),
  safe: z.array(z.string().min(1)).min(1),
  unsafe: z.array(z.string().min(1)).min(1),
});

/** Reads `src/safety/check-in-answers.yaml` and compiles it; throws naming the file and field. */
export function loadCheckInAnswers(root: string = PROJECT_ROOT): (folded: string) => CheckInAnswer {
  const file = join(root, "src/safety/check-in-answers.yaml");
  const data = readYamlFile(file, schema, root);
  const compile = (list: readonly string[], field: string) =>
    list.map((source, i) => {
      try {
        return new RegExp(`^(?:${source})$`);
      } catch (err) {
        throw new Error(`src/safety/check-in-answers.yaml ${field}.${i}: ${(err as Error).message}`);
      }
    });
  const safe = compile(data.safe, "safe");
  const unsafe = compile(data.unsafe, "unsafe");
  return (folded) => (unsafe.some((re) => re.test(folded)) ? "unsafe" : safe.some((re) => re.test(folded)) ? "safe" : "other");
}
