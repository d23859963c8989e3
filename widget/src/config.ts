import type { QuickReply } from "./protocol.js";

/**
 * What the bot injects into the bundle it serves (src/channels/web/widget-route.ts):
 * the clinic's branding, already checked for contrast, and the greeting.
 */
export interface WidgetConfig {
  readonly clinicName: string;
  readonly phone: string;
  readonly greeting: string;
  /** An https image, or null for a monogram drawn from the clinic's name. */
  readonly logoUrl: string | null;
  readonly colors: {
    /** Background of the launcher, the header and the person's messages. */
    readonly accent: string;
    /** Text on `accent` (AA contrast). */
    readonly onAccent: string;
    /** The brand colour as text or borders on white (AA contrast). */
    readonly ink: string;
  };
  /** Buttons under the greeting of a new conversation. */
  readonly starters: readonly QuickReply[];
  /** The greeting and its buttons per language; the browser's language picks one (see {@link inBrowserLanguage}). */
  readonly languages?: Readonly<Record<WidgetLanguage, { readonly greeting: string; readonly starters: readonly QuickReply[] }>>;
}

export type WidgetLanguage = "en" | "es";

/** "es", "es-MX", "es-419" read Spanish; anything else English. */
export function browserLanguage(tags: readonly string[]): WidgetLanguage {
  const first = tags.find((t) => /^(en|es)\b/i.test(t));
  return first && /^es\b/i.test(first) ? "es" : "en";
}

/** The configuration with the greeting and buttons of the browser's language. */
export function inBrowserLanguage(config: WidgetConfig, language: WidgetLanguage): WidgetConfig {
  const chosen = config.languages?.[language];
  return chosen ? { ...config, greeting: chosen.greeting, starters: chosen.starters } : config;
}

// Supplied by the wrapper the server puts around the bundle: `(function (__consultBotConfig) { ... })({...})`.
declare const __consultBotConfig: WidgetConfig | undefined;

/** The injected configuration; undefined when the bundle is loaded without the server's wrapper. */
export function injectedConfig(): WidgetConfig | undefined {
  return typeof __consultBotConfig === "undefined" ? undefined : __consultBotConfig;
}
