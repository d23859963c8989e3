import { join } from "node:path";
import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import { z } from "zod";
import { readYamlFile } from "../../nlu/data-file.js";
import { PROJECT_ROOT } from "../../util/project-root.js";

/**
 * When a person would like the call, in their own time zone. Dates are local ISO dates;
 * times are minutes after local midnight.
 */
export interface TimePreference {
  /** First and last local date to look at; null for any day in the booking horizon. */
  readonly days: { readonly from: string; readonly to: string } | null;
  /** Earliest and latest local time of day (latest exclusive). */
  readonly after: number | null;
  readonly before: number | null;
  /** A precise time ("2:30", "the 9am"). */
  readonly at: number | null;
  /** "asap", "earliest": the soonest slots. */
  readonly soonest: boolean;
}

const SOONEST = /\b(asap|a\.s\.a\.p|as soon as (possible|you can)|soonest|earliest|first available|next available|any ?time|whenever|right away|today or tomorrow)\b/;
const PARTS: readonly [RegExp, number, number][] = [
  [/\b(morning|mornings|am only|before lunch)\b/, 0, 12 * 60],
  [/\b(afternoon|afternoons|after lunch|pm only)\b/, 12 * 60, 17 * 60],
  [/\b(evening|evenings|tonight|after work)\b/, 17 * 60, 24 * 60],
  [/\b(noon|midday|lunch ?time)\b/, 11 * 60 + 30, 13 * 60 + 30],
];
const timeWordsSchema = z.strictObject({
  version: z.literal(1),
  es: z.array(
    z.strictObject({
      from: z.string().refine((source) => {
        try {
          new RegExp(source, "g");
          return true;
        } catch {
          return false;
        }
      }, { message: "must be a valid regular expression" }),
      to: z.string(),
    }),
  ),
});

/** Spanish time-of-day words as the English ones the parser knows (vocabulary/time-words.yaml), read once. */
let spanishTimeWords: readonly [RegExp, string][] | undefined;
function timeWords(): readonly [RegExp, string][] {
  spanishTimeWords ??= readYamlFile(join(PROJECT_ROOT, "vocabulary/time-words.yaml"), timeWordsSchema, PROJECT_ROOT).es.map((w) => [new RegExp(w.from, "g"), w.to] as [RegExp, string]);
  return spanishTimeWords;
}

/** Folded (no accents) with Spanish time-of-day words in English: "el jueves después de las 4" -> "el jueves after 4". */
function readSpanishTimes(lower: string): string {
  let out = lower.normalize("NFD").replace(/\p{M}/gu, "");
  for (const [pattern, to] of timeWords()) out = out.replace(pattern, to);
  return out;
}

const TIME = String.raw`(\d{1,2})(?::([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?|a|p)?`;

/**
 * Reads a time preference from free text, relative to `now` in the person's zone:
 * "tomorrow afternoon", "next tue after 3", "this week", "asap", "any slots friday morning",
 * "2:30", "the 9am", "between 10 and 12". Null when the text names no time at all.
 */
export function parsePreference(text: string, now: Date, zone: string): TimePreference | null {
  const lower = ` ${readSpanishTimes(text.toLowerCase().replace(/[’']/g, "'"))} `;
  const local = DateTime.fromJSDate(now, { zone });
  let days: TimePreference["days"] = null;
  let after: number | null = null;
  let before: number | null = null;
  let at: number | null = null;
  const soonest = SOONEST.test(lower);
  let rest = lower;

  const week = /\b(this|next|the following) week\b|\b(this|next)? ?weekend\b|\bend of (the|this) week\b/.exec(lower);
  if (week) {
    rest = rest.replace(week[0], " ");
    const today = local.startOf("day");
    if (/weekend/.test(week[0])) {
      const sat = today.plus({ days: (6 - today.weekday + 7) % 7 });
      days = { from: iso(sat), to: iso(sat.plus({ days: 1 })) };
    } else if (/end of/.test(week[0])) {
      days = { from: iso(today.set({ weekday: 4 }) < today ? today : today.set({ weekday: 4 })), to: iso(today.set({ weekday: 7 })) };
    } else if (week[1] === "this") {
      days = { from: iso(today), to: iso(today.set({ weekday: 7 })) };
    } else {
      const monday = today.set({ weekday: 1 }).plus({ weeks: 1 });
      days = { from: iso(monday), to: iso(monday.plus({ days: 6 })) };
    }
  }

  for (const [pattern, from, to] of PARTS) {
    if (pattern.test(rest)) {
      after = from;
      before = to;
      break;
    }
  }

  const between = new RegExp(String.raw`\b(?:between|from)\s+${TIME}\s*(?:and|to|-)\s*${TIME}`).exec(rest);
  if (between) {
    const end = clock(between[4]!, between[5], between[6]);
    const start = clock(between[1]!, between[2], between[3] ?? between[6]);
    if (start !== null && end !== null) [after, before] = [start, end > start ? end : end + 12 * 60];
    rest = rest.replace(between[0], " ");
  }
  const afterMatch = new RegExp(String.raw`\b(?:after|from|later than|not before)\s+${TIME}\b`).exec(rest);
  if (afterMatch) {
    after = clock(afterMatch[1]!, afterMatch[2], afterMatch[3]) ?? after;
    rest = rest.replace(afterMatch[0], " ");
  }
  const beforeMatch = new RegExp(String.raw`\b(?:before|by|until|no later than)\s+${TIME}\b`).exec(rest);
  if (beforeMatch) {
    before = clock(beforeMatch[1]!, beforeMatch[2], beforeMatch[3]) ?? before;
    rest = rest.replace(beforeMatch[0], " ");
  }
  // A precise time needs minutes, am/pm, or "at"/"the"/"around": a bare "2" is a pick, not a time.
  const exact = /(?:\b(?:at|around|about|the|for|say|make it)\s+(\d{1,2})(?::([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?|a|p)?\b|\b(\d{1,2}):([0-5]\d)\s*(a\.?m\.?|p\.?m\.?)?|\b(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)(?=\W))/.exec(rest);
  if (exact) {
    at = exact[1] ? clock(exact[1], exact[2], exact[3]) : exact[4] ? clock(exact[4], exact[5], exact[6]) : clock(exact[7]!, undefined, exact[8]);
    if (at !== null) rest = rest.replace(exact[0], " ");
  }
  if (/\bnoon\b/.test(lower) && at === null && after === 11 * 60 + 30 && !/\b(after|before)\s+noon\b/.test(lower)) at = 12 * 60;
  if (/\bafter noon\b/.test(lower)) [after, before] = [12 * 60, before === 13 * 60 + 30 ? null : before];
  if (/\bbefore noon\b/.test(lower)) [after, before] = [after === 11 * 60 + 30 ? null : after, 12 * 60];

  if (!days) days = dayFrom(rest, local);
  if (!days && !soonest && after === null && before === null && at === null) return null;
  return { days, after, before, at, soonest };
}

/** Whether a slot start fits a preference, in the person's zone. */
export function fitsPreference(startIso: string, pref: TimePreference, zone: string): boolean {
  const t = DateTime.fromISO(startIso, { zone });
  const date = t.toISODate()!;
  const minutes = t.hour * 60 + t.minute;
  if (pref.days && (date < pref.days.from || date > pref.days.to)) return false;
  if (pref.at !== null) return minutes === pref.at;
  if (pref.after !== null && minutes < pref.after) return false;
  if (pref.before !== null && minutes >= pref.before) return false;
  return true;
}

/** The small words a preference is described with (wording/<language>.yaml `words`). */
export interface PreferenceWords {
  readonly pieces: Readonly<Record<"today" | "onDay" | "betweenDays" | "atTime" | "betweenTimes" | "afterTime" | "beforeTime" | "soon", string>>;
  readonly locale: string;
  readonly dayFormat: string;
}

const ENGLISH_WORDS: PreferenceWords = {
  pieces: { today: "today", onDay: "on {day}", betweenDays: "between {from} and {to}", atTime: "at {time}", betweenTimes: "between {from} and {to}", afterTime: "after {time}", beforeTime: "before {time}", soon: "soon" },
  locale: "en-US",
  dayFormat: "ccc, LLL d",
};

/** A short description for sentences: "on Thu, Dec 3 after 4 PM" ("el jueves 3 de diciembre después de las 4 PM"). */
export function describePreference(pref: TimePreference, zone: string, now: Date, words: PreferenceWords = ENGLISH_WORDS): string {
  const w = words.pieces;
  const put = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (all, k: string) => values[k] ?? all);
  const day = (isoDate: string) => DateTime.fromISO(isoDate, { zone }).setLocale(words.locale).toFormat(words.dayFormat);
  const parts: string[] = [];
  if (pref.days) {
    const today = DateTime.fromJSDate(now, { zone }).toISODate();
    if (pref.days.from === pref.days.to) parts.push(pref.days.from === today ? w.today : put(w.onDay, { day: day(pref.days.from) }));
    else parts.push(put(w.betweenDays, { from: day(pref.days.from), to: day(pref.days.to) }));
  }
  if (pref.at !== null) parts.push(put(w.atTime, { time: hhmm(pref.at) }));
  else if (pref.after !== null && pref.before !== null) parts.push(put(w.betweenTimes, { from: hhmm(pref.after), to: hhmm(pref.before) }));
  else if (pref.after !== null) parts.push(put(w.afterTime, { time: hhmm(pref.after) }));
  else if (pref.before !== null) parts.push(put(w.beforeTime, { time: hhmm(pref.before) }));
  return parts.join(" ") || w.soon;
}

/** Local midnight minutes from "3", "2:30", "9am": bare hours 1-7 mean the afternoon, as people mean them. */
export function clock(hour: string, minute: string | undefined, meridiem: string | undefined): number | null {
  let h = Number(hour);
  const m = minute ? Number(minute) : 0;
  if (h > 23 || m > 59) return null;
  const mer = meridiem?.replaceAll(".", "").trim();
  if (mer?.startsWith("p") && h < 12) h += 12;
  else if (mer?.startsWith("a") && h === 12) h = 0;
  else if (!mer && h >= 1 && h <= 7) h += 12;
  return h * 60 + m;
}

function dayFrom(text: string, local: DateTime): TimePreference["days"] {
  // chrono reads dates in the process's zone: hand it the person's wall-clock time as that zone's time.
  const ref = new Date(local.year, local.month - 1, local.day, local.hour, local.minute);
  // English first; then chrono's Spanish parser ("el jueves", "mañana", "el próximo lunes").
  const english = chrono.parse(text, ref, { forwardDate: true });
  const results = english.some(certainDay) ? english : chrono.es.parse(text, ref, { forwardDate: true });
  for (const r of results) {
    if (!certainDay(r)) continue;
    // "friday morning" said on a Friday means today; "next friday" ("el próximo viernes") means next week.
    if (!r.start.isCertain("day") && r.start.get("weekday") === local.weekday % 7 && !/\bnext\b|\bproxim[oa]\b|\bque viene\b|\bsiguiente\b/.test(r.text)) {
      return { from: iso(local), to: iso(local) };
    }
    const y = r.start.get("year");
    const mo = r.start.get("month");
    const d = r.start.get("day");
    if (y === null || mo === null || d === null) continue;
    const date = DateTime.fromObject({ year: y, month: mo, day: d }, { zone: local.zone });
    if (!date.isValid) continue;
    return { from: iso(date), to: iso(date) };
  }
  return null;
}

function certainDay(r: chrono.ParsedResult): boolean {
  return r.start.isCertain("day") || r.start.isCertain("weekday");
}

function iso(t: DateTime): string {
  return t.toISODate()!;
}

function hhmm(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m ? `:${String(m).padStart(2, "0")}` : ""} ${h < 12 ? "AM" : "PM"}`;
}
