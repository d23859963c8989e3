import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Router, type RequestHandler } from "express";
import type { ClinicProfile } from "../../clinic/profile.js";
import type { Choice } from "../../domain/message.js";
import type { Logger } from "../../logging/logger.js";
import { brandPalette } from "../../clinic/brand-palette.js";
import { COMPILED } from "../../util/build-info.js";
import { PROJECT_ROOT } from "../../util/project-root.js";
import type { WidgetBundles } from "../../../widget/build.js";
import { widgetFramePage } from "./widget-frame-page.js";

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

/** The chat frame's page (widget/src/frame-messages.ts FRAME_PATH; the embedding script frames it). */
const FRAME_PATH = "/widget/frame";

let bundles: Promise<WidgetBundles> | undefined;

/** `npm run build` writes the widget here (widget/build.ts, WIDGET_DIST). */
const PREBUILT = { embed: join(PROJECT_ROOT, "dist", "widget.js"), frame: join(PROJECT_ROOT, "dist", "widget-frame.js") } as const;

/**
 * The widget's code: the embedding script and the chat frame's script. The compiled server
 * reads them from dist/, where `npm run build` wrote them. Under tsx they are built from
 * widget/src with esbuild's API the first time they are asked for in a process, or read
 * from dist/ where esbuild is missing.
 */
export function loadWidgetBundles(): Promise<WidgetBundles> {
  bundles ??= (async () => {
    if (COMPILED && existsSync(PREBUILT.embed) && existsSync(PREBUILT.frame)) return readPrebuilt();
    let build: typeof import("../../../widget/build.js");
    try {
      build = await import("../../../widget/build.js");
    } catch (err) {
      return readPrebuilt(err);
    }
    return build.buildWidgetBundles();
  })();
  return bundles;
}

function readPrebuilt(cause?: unknown): WidgetBundles {
  for (const path of Object.values(PREBUILT)) {
    if (!existsSync(path)) throw new Error(`The web widget cannot be built (${(cause as Error | undefined)?.message ?? "compiled server"}) and ${path} is missing: run npm run build`);
  }
  return { embed: readFileSync(PREBUILT.embed, "utf8"), frame: readFileSync(PREBUILT.frame, "utf8") };
}

/** A bundle inside a function that hands it its configuration. */
export function wrapWidget(code: string, config: unknown): string {
  // JSON is valid JavaScript; the wrapper keeps the configuration out of the page's globals.
  return `(function (__consultBotConfig) {\n${code}})(${JSON.stringify(config)});\n`;
}

/** A script served with an ETag, gzipped when the browser accepts it. */
function scriptHandler(source: string, resourcePolicy: "cross-origin" | "same-origin"): RequestHandler {
  const body = Buffer.from(source);
  const gzipped = gzipSync(body, { level: 9 });
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return (req, res) => {
    res.set({
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": CACHE_CONTROL,
      ETag: etag,
      Vary: "Accept-Encoding",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": resourcePolicy,
    });
    if (req.fresh) return void res.status(304).end();
    const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
    if (gzip) res.set("Content-Encoding", "gzip");
    res.end(gzip ? gzipped : body);
  };
}

/**
 * The widget's routes:
 * - `GET /widget.js`: the script clinics embed, loadable from any site; it only places an
 *   iframe of the chat frame (widget/src/embed.ts) and knows no visitor id.
 * - `GET /widget/frame`: the chat frame's page (widget-frame-page.ts), framable only by
 *   the bot itself and the sites in ALLOWED_ORIGINS.
 * - `GET /widget/frame.js`: the chat with the clinic's branding, for that page only.
 */
export async function widgetRoutes(config: WidgetConfig, allowedOrigins: readonly string[]): Promise<Router> {
  const { embed, frame } = await loadWidgetBundles();
  const router = Router();
  router.get("/widget.js", scriptHandler(wrapWidget(embed, { clinicName: config.clinicName }), "cross-origin"));
  router.get(`${FRAME_PATH}.js`, scriptHandler(wrapWidget(frame, config), "same-origin"));
  router.get(FRAME_PATH, widgetFramePage(config, allowedOrigins));
  return router;
}
