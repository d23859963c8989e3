/**
 * The few messages the embedding script (`/widget.js`, embed.ts) and the chat frame
 * (`/widget/frame`, main.ts) exchange with postMessage. Nothing in them is secret: the
 * visitor id never leaves the frame. Each side accepts a message only from the other
 * window and its origin, and only in these shapes.
 */

/** Marks our messages among whatever else a page posts. */
export const FRAME_SOURCE = "consult-bot-widget";

/** Frame to host: the chat is ready, or the panel opened or closed; the frame's wanted size while closed. */
export interface FrameStateMessage {
  readonly source: typeof FRAME_SOURCE;
  readonly type: "state";
  readonly open: boolean;
  /** CSS pixels the closed launcher needs (its size plus margins for its shadow and focus ring). */
  readonly launcher: { readonly width: number; readonly height: number };
}

/** Host to frame: whether the page is phone-sized (the open panel then fills the screen). */
export interface HostLayoutMessage {
  readonly source: typeof FRAME_SOURCE;
  readonly type: "layout";
  readonly compact: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isSize = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 2000;

/** The frame's state message, or undefined for anything else. */
export function parseFrameState(data: unknown): FrameStateMessage | undefined {
  if (!isRecord(data) || data.source !== FRAME_SOURCE || data.type !== "state" || typeof data.open !== "boolean") return undefined;
  const launcher = data.launcher;
  if (!isRecord(launcher) || !isSize(launcher.width) || !isSize(launcher.height)) return undefined;
  return data as unknown as FrameStateMessage;
}

/** The host's layout message, or undefined for anything else. */
export function parseHostLayout(data: unknown): HostLayoutMessage | undefined {
  if (!isRecord(data) || data.source !== FRAME_SOURCE || data.type !== "layout" || typeof data.compact !== "boolean") return undefined;
  return data as unknown as HostLayoutMessage;
}

/** The open panel's size on a large screen (the panel's 384 × 620 plus the launcher and margins). */
export const OPEN_FRAME = { width: 424, height: 732 } as const;

/** Pages at most this wide are phone-sized: the open chat fills the screen. */
export const COMPACT_QUERY = "(max-width: 480px)";

/** The frame's path on the bot; `host` names the embedding page's origin (where the frame posts its state). */
export const FRAME_PATH = "/widget/frame";
