// `npm run build`: compiles the server to dist/ with esbuild (plain JavaScript so that it runs
// on node alone, without tsx). `--if-stale` builds only when dist/ is missing or older than a
// source file, which is what `npm start` uses so a fresh clone needs one command.
//
//   dist/main.js        the server (src/main.ts) with the packages it imports (see EXTERNAL)
//   dist/staff-add.js   `npm run staff:add` (src/cli/staff-add.ts)
//   dist/chunks/        code the two share
//   dist/widget.js      the embedding script clinics add (widget/src/embed.ts, as `npm run build:widget`)
//   dist/widget-frame.js the chat inside the widget's frame (widget/src/main.ts)
//   dist/models/        the trained classifiers, which this build trains when their data changed
//                       (the server, started with a heap limit, never has to), and the stamp of
//                       the safety patterns' self-check, which this build runs so start-up can skip it
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/**
 * Packages botkit's modules load and the host never runs. Botkit requires all of botbuilder and
 * botbuilder-dialogs, which load the Bot Framework's HTTP clients and sign-in (Azure identity,
 * MSAL, axios, JWT checks) and the prompts' language recognizers (megabytes of tables for a
 * dozen languages). The host runs botkit's middleware and events on a collecting adapter, so none
 * of that ever runs: bundled as they are, they cost about 40 MB of memory and half a second of
 * start-up. The build puts a stand-in in their place that lets botkit's modules load and throws,
 * naming the package, if anything calls it after start-up. Development (`tsx`, the tests run on
 * src/) loads the real packages, and the compiled server's tests show the stand-ins are never run.
 */
const BOTKIT_UNUSED = [
  "@microsoft/recognizers-text",
  "@microsoft/recognizers-text-choice",
  "@microsoft/recognizers-text-date-time",
  "@microsoft/recognizers-text-number",
  "@microsoft/recognizers-text-number-with-unit",
  "@microsoft/recognizers-text-sequence",
  "@microsoft/recognizers-text-suite",
  "globalize",
  "cldrjs",
  "@azure/identity",
  "@azure/msal-node",
  "@azure/core-auth",
  "@azure/core-client",
  "@azure/core-http-compat",
  "@azure/core-rest-pipeline",
  "@typespec/ts-http-runtime",
  "axios",
  "botframework-streaming",
  "jsonwebtoken",
  "jwks-rsa",
  "node-fetch",
];
/**
 * Packages left in node_modules; every other package the server imports is bundled into dist/.
 * Bundled, start-up reads one file instead of resolving, reading and linking some 1,900 package
 * modules (the Redis client alone is about 600, chrono-node 300, openai 200): `node
 * bench/startup.mjs` went from 1,623 to 1,063 ms to the first answer, and its RSS from 247 to 186 MB.
 * - twilio: its REST client is loaded on the first text sent (src/channels/sms/twilio-client.ts);
 *   only its webhook check and TwiML are imported, from its own files.
 * - dictionary-en: its word lists are read from its folder (src/nlu/english.ts).
 * - esbuild: the build and the development widget build only.
 */
const EXTERNAL = new Set(["twilio", "dictionary-en", "esbuild"]);

/** The Bot Framework's packages, whose imports of BOTKIT_UNUSED get the stand-ins. */
function isBotFramework(importer) {
  const at = importer.lastIndexOf("/node_modules/");
  return at >= 0 && /^(bot|@azure\/|@microsoft\/)/.test(importer.slice(at + "/node_modules/".length));
}

function packageOf(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The stand-in for a package in BOTKIT_UNUSED (see there). */
function standIn(name) {
  return `
const SEALED = Symbol.for("consult-bot.botkit-stand-ins.sealed");
if (!(SEALED in globalThis)) {
  globalThis[SEALED] = false;
  setImmediate(() => { globalThis[SEALED] = true; });
}
const traps = {
  get: (_target, key) => (key === "__esModule" ? false : key === Symbol.toPrimitive ? () => "" : part(String(key))),
  apply: () => use(),
  construct: () => use(),
};
function use() {
  if (globalThis[SEALED]) throw new Error(${JSON.stringify(`${name} is left out of the compiled server (BOTKIT_UNUSED in scripts/build.mjs): botkit only loads it, and something called it`)});
  return part("result");
}
function part(_name) {
  return new Proxy(function standIn() {}, traps);
}
module.exports = part("module");
`;
}

/** Bundles the packages the server imports, stand-ins in place of BOTKIT_UNUSED, EXTERNAL left in node_modules. */
function botkitBundled() {
  return {
    name: "botkit-bundled",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("node:")) return { path: args.path, external: true };
        const name = packageOf(args.path);
        if (BOTKIT_UNUSED.includes(name) && isBotFramework(args.importer)) return { path: name, namespace: "botkit-unused" };
        if (EXTERNAL.has(name)) return { path: args.path, external: true };
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "botkit-unused" }, (args) => ({ contents: standIn(args.path), loader: "js" }));
    },
  };
}

/**
 * Escapes what esbuild leaves non-ASCII (comments, regular expression literals: "ñ", "’") as
 * \uXXXX, which means the same there. V8 keeps a script's source in memory, and one non-ASCII
 * character makes it keep the whole bundle as two bytes a character: 4 MB more heap for main.js.
 */
function asciiOnly(files) {
  for (const file of files) {
    const code = readFileSync(file, "utf8");
    if (!/[^\x00-\x7f]/.test(code)) continue;
    writeFileSync(file, code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
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
  // Packages are bundled, except EXTERNAL; botkit's unused ones are stand-ins: see botkitBundled below.
  plugins: [botkitBundled()],
  // The bundled botkit is CommonJS: it needs `require` (node builtins, its own dynamic requires)
  // and `__dirname` (which then names dist/, where it reads nothing: its web server is off).
  banner: {
    js: [
      'import { createRequire as __cjsCreateRequire } from "node:module";',
      'import { fileURLToPath as __cjsFileURLToPath } from "node:url";',
      "const require = __cjsCreateRequire(import.meta.url);",
      "const __filename = __cjsFileURLToPath(import.meta.url);",
      'const __dirname = __filename.slice(0, __filename.lastIndexOf("/"));',
    ].join(" "),
  },
  sourcemap: true,
  // Read by src/util/build-info.ts: the compiled server serves the prebuilt dist/widget.js.
  define: { __CONSULT_BOT_COMPILED__: "true" },
  logLevel: "warning",
});
asciiOnly([...Object.keys(ENTRIES).map((name) => join(DIST, `${name}.js`)), ...readdirSync(join(DIST, "chunks")).filter((name) => name.endsWith(".js")).map((name) => join(DIST, "chunks", name))]);

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
