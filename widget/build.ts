import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { PROJECT_ROOT } from "../src/util/project-root.js";

/** The widget's entry points (TypeScript; esbuild bundles each into one file). */
export const WIDGET_ENTRIES = {
  /** `/widget.js`: what clinics embed; it only places the chat frame on their page. */
  embed: join(PROJECT_ROOT, "widget", "src", "embed.ts"),
  /** `/widget/frame.js`: the chat itself, inside the frame on the bot's origin. */
  frame: join(PROJECT_ROOT, "widget", "src", "main.ts"),
} as const;

/**
 * Where `npm run build` (and `npm run build:widget`) writes the bundles. The compiled server serves
 * them; under tsx the server builds the widget itself and falls back to them when esbuild is missing.
 * The paths come from the project folder, so they hold when this file is bundled into dist/.
 */
export const WIDGET_DIST = {
  embed: join(PROJECT_ROOT, "dist", "widget.js"),
  frame: join(PROJECT_ROOT, "dist", "widget-frame.js"),
} as const;

/** The two bundles of the widget. */
export interface WidgetBundles {
  readonly embed: string;
  readonly frame: string;
}

/**
 * Bundles the widget into minified scripts for the browsers a clinic's visitors use
 * (Chrome, Edge and Firefox 100+, Safari 15+: 2021 onwards). Each still needs the
 * server's wrapper with its configuration (src/channels/web/widget-route.ts).
 */
export async function buildWidgetBundles(): Promise<WidgetBundles> {
  const [embed, frame] = await Promise.all([bundleOne(WIDGET_ENTRIES.embed), bundleOne(WIDGET_ENTRIES.frame)]);
  return { embed, frame };
}

async function bundleOne(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
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
  if (!file) throw new Error(`esbuild produced no widget bundle for ${entry}`);
  return file.text;
}

/** Writes both bundles to dist/ (WIDGET_DIST). */
export async function writeWidgetBundles(): Promise<WidgetBundles> {
  const bundles = await buildWidgetBundles();
  mkdirSync(dirname(WIDGET_DIST.embed), { recursive: true });
  writeFileSync(WIDGET_DIST.embed, bundles.embed);
  writeFileSync(WIDGET_DIST.frame, bundles.frame);
  return bundles;
}

// `npm run build:widget`: write dist/widget.js (for images installed without dev dependencies).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const { embed, frame } = await writeWidgetBundles();
  const kib = (code: string) => (code.length / 1024).toFixed(1);
  console.log(`widget: ${WIDGET_DIST.embed} (${kib(embed)} KiB), ${WIDGET_DIST.frame} (${kib(frame)} KiB) in ${Math.round(performance.now() - started)} ms`);
}
