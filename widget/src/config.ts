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
}

// Supplied by the wrapper the server puts around the bundle: `(function (__consultBotConfig) { ... })({...})`.
declare const __consultBotConfig: WidgetConfig | undefined;

/** The injected configuration; undefined when the bundle is loaded without the server's wrapper. */
export function injectedConfig(): WidgetConfig | undefined {
  return typeof __consultBotConfig === "undefined" ? undefined : __consultBotConfig;
}
