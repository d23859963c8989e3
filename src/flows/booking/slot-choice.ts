import { DateTime } from "luxon";
import type { Slot } from "../../scheduling/scheduling-adapter.js";
import { clock, fitsPreference, type TimePreference } from "./time-preference.js";

/** Offered slots sit at least this far apart, so three choices are three real options. */
const SPREAD_MS = 60 * 60_000;

/** The slots to offer for a preference, and whether they match it or are the nearest instead. */
export interface SlotOffer {
  readonly slots: readonly Slot[];
  readonly matched: boolean;
}

/**
 * Up to `count` slots for a preference: the exact time when it is free, otherwise slots in
 * the wanted window spread over it; when nothing fits, the nearest free slots.
 */
export function chooseSlots(free: readonly Slot[], pref: TimePreference | null, zone: string, count = 3): SlotOffer {
  if (!pref) return { slots: spread(free, count), matched: true };
  const fitting = free.filter((s) => fitsPreference(s.start, pref, zone));
  if (fitting.length > 0) return { slots: pref.at !== null ? fitting.slice(0, count) : spread(fitting, count), matched: true };
  if (pref.at !== null) {
    // The time is taken: the nearest times on the wanted day(s), else nearest to that time on any day.
    const sameDays = free.filter((s) => fitsPreference(s.start, { ...pref, at: null, after: null, before: null }, zone));
    const pool = sameDays.length > 0 ? sameDays : free;
    return { slots: nearest(pool, pref.at, zone, count), matched: false };
  }
  if (pref.days) {
    const afterWindow = free.filter((s) => DateTime.fromISO(s.start, { zone }).toISODate()! > pref.days!.to);
    const sameTime = afterWindow.filter((s) => fitsPreference(s.start, { ...pref, days: null }, zone));
    return { slots: spread(sameTime.length > 0 ? sameTime : afterWindow.length > 0 ? afterWindow : free, count), matched: false };
  }
  return { slots: spread(free, count), matched: false };
}

/**
 * Which offered slot the person means: "slot:<iso>" (a button), "the second one", "first",
 * "last", "2:30", "the 9am", "tue 10". Null when it names none of them.
 */
export function resolvePick(text: string, offered: readonly Slot[], zone: string): Slot | null {
  const trimmed = text.trim();
  if (trimmed.startsWith("slot:")) {
    const ms = Date.parse(trimmed.slice(5));
    if (Number.isNaN(ms)) return null;
    return offered.find((s) => Date.parse(s.start) === ms) ?? { start: new Date(ms).toISOString(), end: "" };
  }
  const lower = ` ${trimmed.toLowerCase()} `;
  const ordinals: [RegExp, number][] = [
    [/\b(first|1st|number (1|one)|option (1|one)|no\.? ?1)\b|#1\b|^\s*one\s*$/, 0],
    [/\b(second|2nd|number (2|two)|option (2|two)|no\.? ?2|middle)\b|#2\b|^\s*two\s*$/, 1],
    [/\b(third|3rd|number (3|three)|option (3|three)|no\.? ?3)\b|#3\b|^\s*three\s*$/, 2],
  ];
  if (/\b(last|final) (one|option|time)\b|\bthe last\b/.test(lower) && offered.length > 0) return offered[offered.length - 1]!;
  for (const [pattern, index] of ordinals) if (pattern.test(lower) && offered[index]) return offered[index];
  if (/^\s*[123]\s*$/.test(lower)) return offered[Number(lower.trim()) - 1] ?? null;

  const time = /\b(\d{1,2})(?::([0-5]\d))?\s*(a\.?m\.?|p\.?m\.?)?\b/.exec(lower);
  if (!time) return null;
  const wanted = clock(time[1]!, time[2], time[3]);
  if (wanted === null) return null;
  const candidates = offered.filter((s) => {
    const t = DateTime.fromISO(s.start, { zone });
    const minutes = t.hour * 60 + t.minute;
    // Without am/pm, "9" or "2:30" may mean either half of the day.
    return minutes === wanted || (!time[3] && (minutes === wanted - 12 * 60 || minutes === wanted + 12 * 60));
  });
  if (candidates.length <= 1) return candidates[0] ?? null;
  const weekday = /\b(mon|tue|wed|thu|fri|sat|sun)/.exec(lower)?.[1];
  return (weekday && candidates.find((s) => DateTime.fromISO(s.start, { zone }).setLocale("en-US").toFormat("ccc").toLowerCase() === weekday)) || candidates[0]!;
}

function spread(slots: readonly Slot[], count: number): Slot[] {
  const picked: Slot[] = [];
  for (const s of slots) {
    if (picked.length >= count) break;
    const last = picked[picked.length - 1];
    if (!last || Date.parse(s.start) - Date.parse(last.start) >= SPREAD_MS) picked.push(s);
  }
  for (const s of slots) {
    if (picked.length >= count) break;
    if (!picked.includes(s)) picked.push(s);
  }
  return picked.sort((a, b) => a.start.localeCompare(b.start));
}

function nearest(slots: readonly Slot[], minutes: number, zone: string, count: number): Slot[] {
  const distance = (s: Slot) => {
    const t = DateTime.fromISO(s.start, { zone });
    return Math.abs(t.hour * 60 + t.minute - minutes) + (Date.parse(s.start) / 86_400_000) * 0.001;
  };
  return [...slots].sort((a, b) => distance(a) - distance(b)).slice(0, count).sort((a, b) => a.start.localeCompare(b.start));
}
