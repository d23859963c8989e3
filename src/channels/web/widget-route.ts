import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { RequestHandler } from "express";
import type { ClinicProfile } from "../../clinic/profile.js";
import type { Choice } from "../../domain/message.js";
import type { Logger } from "../../logging/logger.js";
import { brandPalette } from "../../clinic/brand-palette.js";
import { COMPILED } from "../../util/build-info.js";
import { PROJECT_ROOT } from "../../util/project-root.js";

/** Sites embed a fixed URL, so the script is cached briefly and revalidated by ETag: a new version reaches visitors within minutes. */
const CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";

/** The configuration the widget reads (widget/src/config.ts). */
export interface WidgetConfig {
  readonly clinicName: string;
  readonly phone: string;
  readonly greeting: string;
  readonly logoUrl: string | null;
  readonly colors: { readonly accent: string; readonly onAccent: string; readonly ink: string };
  readonly starters: readonly Choice[];
  /**
   * The greeting and its buttons in each language; the widget shows the browser's
   * (navigator.language) and offers the other language as the last button.
   */
  readonly languages: Readonly<Record<"en" | "es", { readonly greeting: string; readonly starters: readonly Choice[] }>>;
}

/** What the widget needs of the bot's wording in one language. */
export interface WidgetWording {
  readonly greeting: { readonly web: string };
  readonly menuChoices: readonly Choice[];
  readonly otherLanguage: Choice;
}

/** The widget's settings from the clinic profile: name, phone, greeting, logo, contrast-checked colours. */
export function widgetConfig(clinic: ClinicProfile, wording: Readonly<Record<"en" | "es", WidgetWording>>, logger?: Logger): WidgetConfig {
  let logoUrl = clinic.branding.logoUrl ?? null;
  if (logoUrl && !/^https:\/\//.test(logoUrl)) {
    // An http logo is blocked as mixed content on https sites, and other schemes are not images.
    logger?.warn({ logoUrl }, "branding.logoUrl must be an https URL; the widget shows the clinic's initials instead");
    logoUrl = null;
  }
  const starters = (w: WidgetWording) => [...w.menuChoices, w.otherLanguage].map((c) => ({ title: c.title, payload: c.payload }));
  // The profile's greeting is the clinic's own English line; the Spanish one comes from wording/es.yaml.
  const greeting = clinic.branding.greeting ?? wording.en.greeting.web;
  return {
    clinicName: clinic.name,
    phone: clinic.phone,
    greeting,
    logoUrl,
    colors: brandPalette(clinic.branding.color),
    starters: starters(wording.en),
    languages: {
      en: { greeting, starters: starters(wording.en) },
      es: { greeting: wording.es.greeting.web, starters: starters(wording.es) },
    },
  };
}

let bundle: Promise<string> | undefined;

/** `npm run build` writes the widget here (widget/build.ts, WIDGET_DIST). */
const PREBUILT = join(PROJECT_ROOT, "dist", "widget.js");

/**
 * The widget's code. The compiled server reads dist/widget.js, which `npm run build` wrote
 * beside it. Under tsx it is built from widget/src with esbuild's API the first time it is
 * asked for in a process (about 20 ms), or read from dist/widget.js where esbuild is missing.
 */
export function loadWidgetBundle(): Promise<string> {
  bundle ??= (async () => {
    if (COMPILED && existsSync(PREBUILT)) return readFileSync(PREBUILT, "utf8");
    let build: typeof import("../../../widget/build.js");
    try {
      build = await import("../../../widget/build.js");
    } catch (err) {
      return readPrebuilt(err);
    }
    return build.buildWidgetBundle();
  })();
  return bundle;
}

function readPrebuilt(cause: unknown): string {
  if (!existsSync(PREBUILT)) throw new Error(`The web widget cannot be built (${(cause as Error).message}) and dist/widget.js is missing: run npm run build`);
  return readFileSync(PREBUILT, "utf8");
}

/** The served script: the bundle inside a function that hands it the clinic's configuration. */
export function wrapWidget(code: string, config: WidgetConfig): string {
  // JSON is valid JavaScript; the wrapper keeps the configuration out of the host page's globals.
  return `(function (__consultBotConfig) {\n${code}})(${JSON.stringify(config)});\n`;
}

/**
 * `GET /widget.js`: the embeddable chat widget with the clinic's branding. Cached with an
 * ETag, gzipped when the browser accepts it, and loadable from any site (the Origin check
 * guards the conversation endpoints, not the script).
 */
export async function widgetRoute(config: WidgetConfig): Promise<RequestHandler> {
  const body = Buffer.from(wrapWidget(await loadWidgetBundle(), config));
  const gzipped = gzipSync(body, { level: 9 });
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return (req, res) => {
    res.set({
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": CACHE_CONTROL,
      ETag: etag,
      Vary: "Accept-Encoding",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
    if (req.fresh) return void res.status(304).end();
    const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
    if (gzip) res.set("Content-Encoding", "gzip");
    res.end(gzip ? gzipped : body);
  };
}
