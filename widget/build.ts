import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { PROJECT_ROOT } from "../src/util/project-root.js";

/** The widget's entry point (TypeScript; esbuild bundles it into one file). */
export const WIDGET_ENTRY = join(PROJECT_ROOT, "widget", "src", "main.ts");

/**
 * Where `npm run build` (and `npm run build:widget`) writes the bundle. The compiled server serves
 * it; under tsx the server builds the widget itself and falls back to it when esbuild is missing.
 * Both paths come from the project folder, so they hold when this file is bundled into dist/.
 */
export const WIDGET_DIST = join(PROJECT_ROOT, "dist", "widget.js");

/**
 * Bundles the widget into one minified script for the browsers a clinic's visitors use
 * (Chrome, Edge and Firefox 100+, Safari 15+: 2021 onwards). The result still needs the
 * server's branding wrapper (src/channels/web/widget-route.ts).
 */
export async function buildWidgetBundle(): Promise<string> {
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    format: "iife",
    target: ["es2020", "chrome100", "edge100", "firefox100", "safari15"],
    minify: true,
    legalComments: "none",
    charset: "utf8",
    write: false,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no widget bundle");
  return file.text;
}

// `npm run build:widget`: write dist/widget.js (for images installed without dev dependencies).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const code = await buildWidgetBundle();
  mkdirSync(dirname(WIDGET_DIST), { recursive: true });
  writeFileSync(WIDGET_DIST, code);
  console.log(`widget: ${WIDGET_DIST} (${(code.length / 1024).toFixed(1)} KiB) in ${Math.round(performance.now() - started)} ms`);
}
