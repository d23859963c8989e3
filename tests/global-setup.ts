import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/**
 * Runs once before every test file: builds `dist/` when a source changed (the spawned-server
 * tests run the compiled `dist/main.js`, as `npm start` does) and trains the classifiers into
 * the model cache (`dist/models`), so test files load them instead of each training its own (the
 * safety patterns' self-check leaves its stamp there too; tests/safety/patterns.test.ts runs the check itself).
 */
export default async function setup(): Promise<void> {
  execFileSync(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: ROOT, stdio: "inherit" });
  const { loadContent } = await import("../src/content.js");
  loadContent({ CLINIC_PROFILE: "clinic/clinic.yaml" });
}
