import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * The arguments `npm start` gives node ("--max-old-space-size=256", "dist/main.js"), read from
 * package.json, so that tests and benchmarks run the server exactly as it is started.
 */
export function startArgs(): string[] {
  const start = (JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
  const last = start.split("&&").at(-1)!.trim().split(/\s+/);
  if (last[0] !== "node" || last.at(-1) !== "dist/main.js") throw new Error(`package.json start no longer ends with "node ... dist/main.js": ${start}`);
  return last.slice(1);
}
