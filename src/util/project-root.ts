import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project folder (where `package.json`, `faq/`, `intents/`, `training/` and `vocabulary/`
 * live), found by walking up from this file, so it is the same whether the code runs from
 * `src/` through tsx or from the compiled `dist/`.
 */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "faq"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project folder (package.json beside faq/) above ${start}`);
  }
}
