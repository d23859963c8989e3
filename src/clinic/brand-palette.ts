/**
 * The widget's colours from the clinic's brand colour, adjusted so every text pair meets
 * WCAG AA (4.5:1): a clinic can pick any colour without making the chat hard to read.
 */
export interface BrandPalette {
  /** The brand colour as given: launcher, header and the person's messages. */
  readonly accent: string;
  /** White or near-black, whichever reads on `accent`. */
  readonly onAccent: string;
  /** The brand colour darkened until it reads as text on white and on the bot's light grey bubbles. */
  readonly ink: string;
}

/** AA for normal text. */
export const AA_CONTRAST = 4.5;
const WHITE = "#ffffff";
const DARK = "#111418";
/** The bot's message bubbles (widget/src/styles.ts); links in them are drawn in `ink`. */
const BOT_BUBBLE = "#eef2f6";

type Rgb = readonly [number, number, number];

function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2 relative luminance. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(parseHex(a)), luminance(parseHex(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Builds the palette for a #rrggbb brand colour. */
export function brandPalette(color: string): BrandPalette {
  const accent = toHex(parseHex(color));
  // For mid-tone colours neither white nor near-black may reach AA; pure black always does then.
  const onAccent = [WHITE, DARK].find((text) => contrastRatio(accent, text) >= AA_CONTRAST) ?? "#000000";
  let ink = parseHex(accent);
  // Darken in small steps, keeping the hue, until the colour reads on both light backgrounds.
  while (Math.min(contrastRatio(toHex(ink), WHITE), contrastRatio(toHex(ink), BOT_BUBBLE)) < AA_CONTRAST) {
    ink = ink.map((c) => c * 0.94) as unknown as Rgb;
  }
  return { accent, onAccent, ink: toHex(ink) };
}
