// `npm run build`: compiles the server to dist/ with esbuild (plain JavaScript so that it runs
// on node alone, without tsx). `--if-stale` builds only when dist/ is missing or older than a
// source file, which is what `npm start` uses so a fresh clone needs one command.
//
//   dist/main.js        the server (src/main.ts), packages left to node_modules
//   dist/staff-add.js   `npm run staff:add` (src/cli/staff-add.ts)
//   dist/chunks/        code the two share
//   dist/widget.js      the embedding script clinics add (widget/src/embed.ts, as `npm run build:widget`)
//   dist/widget-frame.js the chat inside the widget's frame (widget/src/main.ts)
//   dist/models/        the trained classifiers, which this build trains when their data changed
//                       (the server, started with a heap limit, never has to), and the stamp of
//                       the safety patterns' self-check, which this build runs so start-up can skip it
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const ENTRIES = { main: "src/main.ts", "staff-add": "src/cli/staff-add.ts" };
/** What the output depends on: a change to any of these rebuilds under `--if-stale`. */
const INPUTS = ["src", "widget", "package.json", "package-lock.json", "scripts/build.mjs", "training", "faq", "intents", "vocabulary"];
const OUTPUTS = [...Object.keys(ENTRIES).map((name) => `${name}.js`), "widget.js", "widget-frame.js"];

function newestInput(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestInput(join(path, name))));
}

function hasModels() {
  const models = join(DIST, "models");
  const names = existsSync(models) ? readdirSync(models) : [];
  return ["crisis-", "understanding-"].every((prefix) => names.some((name) => name.startsWith(prefix) && name.endsWith(".bin")));
}

function isStale() {
  const outputs = OUTPUTS.map((name) => join(DIST, name));
  if (!outputs.every((path) => existsSync(path)) || !hasModels()) return true;
  const built = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
  return INPUTS.some((input) => existsSync(join(ROOT, input)) && newestInput(join(ROOT, input)) > built);
}

if (process.argv.includes("--if-stale") && !isStale()) process.exit(0);

/** Bundles one module for node into dist/chunks, runs `use` on what it exports, and removes the bundle again. */
async function withBundled(entry, name, use) {
  const outfile = join(DIST, "chunks", `${name}.mjs`);
  await build({ absWorkingDir: ROOT, entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning" });
  try {
    return await use(await import(outfile));
  } finally {
    rmSync(outfile);
  }
}

const started = performance.now();
rmSync(join(DIST, "chunks"), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRIES,
  outdir: DIST,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // node_modules stay where they are: the bundle holds only our code.
  packages: "external",
  sourcemap: true,
  // Read by src/util/build-info.ts: the compiled server serves the prebuilt dist/widget.js.
  define: { __CONSULT_BOT_COMPILED__: "true" },
  logLevel: "warning",
});

// The widget, with the options widget/build.ts uses: bundle that builder, then run it.
await withBundled("widget/build.ts", "widget-build", (m) => m.writeWidgetBundles());

// The safety patterns' self-check (every rule catches its examples, no rule an exclusion's), run
// here once: a pass leaves a stamp in dist/models naming these exact files, and start-up skips the
// check. A failure fails the build, naming the file and the rule.
try {
  await withBundled("src/safety/load-patterns.ts", "pattern-check", (m) => m.loadSafetyPatterns());
} catch (err) {
  console.error(`build: the safety pattern self-check failed: ${err.message}`);
  process.exitCode = 1;
}
if (process.exitCode) process.exit();

// The classifiers: trained here when their data changed, so that the server only loads them.
await withBundled("src/cli/prepare-models.ts", "prepare-models", (m) => m.prepareModels());

console.log(`build: ${OUTPUTS.map((name) => `dist/${name}`).join(", ")} in ${Math.round(performance.now() - started)} ms`);
