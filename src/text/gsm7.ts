/**
 * GSM-7 (GSM 03.38) and SMS segment arithmetic. A text that is all GSM-7 travels as
 * 160 septets in one segment or 153 per segment when concatenated; one character outside
 * it turns the whole message into UCS-2: 70 UTF-16 units, or 67 per segment.
 */

/** The basic character set: one septet each. */
const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** The extension table: an escape septet plus the character, so two septets each. */
const EXTENDED = "^{}\\[~]|€\f";

const basicSet = new Set(BASIC);
const extendedSet = new Set(EXTENDED);

export const GSM7_SINGLE_SEGMENT = 160;
export const GSM7_MULTI_SEGMENT = 153;
export const UCS2_SINGLE_SEGMENT = 70;
export const UCS2_MULTI_SEGMENT = 67;

/** How a text would travel as SMS. */
export interface SmsAnalysis {
  readonly encoding: "GSM-7" | "UCS-2";
  /** Segments the text needs (1 for an empty text). */
  readonly segments: number;
  /** Length in the encoding's units: septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly length: number;
  /** Distinct characters outside GSM-7, in order of first appearance. */
  readonly nonGsmChars: string[];
}

/** Whether one character (a code point) is in the GSM-7 basic or extension table. */
export function isGsm7Char(ch: string): boolean {
  return basicSet.has(ch) || extendedSet.has(ch);
}

/** Whether a whole text can travel as GSM-7. */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!isGsm7Char(ch)) return false;
  return true;
}

/** Septets one GSM-7 character costs (2 for the extension table). */
export function septetsOf(ch: string): number {
  return extendedSet.has(ch) ? 2 : 1;
}

/**
 * Encoding, length and segment count of an SMS text. Counts the way handsets and Twilio
 * do: an escaped GSM-7 character or a UTF-16 surrogate pair is never split across two
 * segments, so a segment may carry one unit less than its capacity.
 */
export function analyseSms(text: string): SmsAnalysis {
  const nonGsm: string[] = [];
  const septets: number[] = [];
  for (const ch of text) {
    if (basicSet.has(ch)) septets.push(1);
    else if (extendedSet.has(ch)) septets.push(2);
    else if (!nonGsm.includes(ch)) nonGsm.push(ch);
  }
  if (nonGsm.length === 0) {
    const length = septets.reduce((a, b) => a + b, 0);
    return { encoding: "GSM-7", length, segments: countSegments(septets, length, GSM7_SINGLE_SEGMENT, GSM7_MULTI_SEGMENT), nonGsmChars: [] };
  }
  const units = [...text].map((ch) => ch.length);
  return { encoding: "UCS-2", length: text.length, segments: countSegments(units, text.length, UCS2_SINGLE_SEGMENT, UCS2_MULTI_SEGMENT), nonGsmChars: nonGsm };
}

/** The most units a text of this encoding may have to fit in `segments` segments (ignoring split pairs). */
export function capacityOf(encoding: SmsAnalysis["encoding"], segments: number): number {
  const [single, multi] = encoding === "GSM-7" ? [GSM7_SINGLE_SEGMENT, GSM7_MULTI_SEGMENT] : [UCS2_SINGLE_SEGMENT, UCS2_MULTI_SEGMENT];
  return segments <= 1 ? single : multi * segments;
}

function countSegments(costs: readonly number[], total: number, single: number, multi: number): number {
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}
