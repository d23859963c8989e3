import { DateTime } from "luxon";
import type { ClinicProfile } from "../clinic/profile.js";
import type { Slot } from "./scheduling-adapter.js";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The booking rules of the clinic profile that decide which slots exist. */
export type CalendarRules = Pick<ClinicProfile, "timeZone" | "consultHours" | "holidays" | "consult">;

/**
 * Every consult slot the clinic offers in [from, to), before capacity: consult hours in the
 * clinic's time zone (wall-clock, so daylight-saving changes move nothing), minus holidays,
 * minus the minimum lead time, within the booking horizon. Soonest first.
 */
export function consultSlots(rules: CalendarRules, range: { from: Date; to: Date }, now: Date): Slot[] {
  const { slotMinutes, minLeadMinutes, horizonDays } = rules.consult;
  const earliest = Math.max(range.from.getTime(), now.getTime() + minLeadMinutes * 60_000);
  const latest = Math.min(range.to.getTime(), now.getTime() + horizonDays * 86_400_000);
  if (latest <= earliest) return [];
  const holidays = new Set(rules.holidays);
  const slots: Slot[] = [];
  let day = DateTime.fromMillis(earliest, { zone: rules.timeZone }).startOf("day");
  const lastDay = DateTime.fromMillis(latest, { zone: rules.timeZone }).startOf("day");
  while (day <= lastDay) {
    const date = day.toISODate();
    if (date && !holidays.has(date)) {
      for (const range of rules.consultHours[WEEKDAYS[day.weekday - 1]!]) {
        const [open, close] = [minutesOf(range.slice(0, 5)), minutesOf(range.slice(6))];
        for (let m = open; m + slotMinutes <= close; m += slotMinutes) {
          const start = day.set({ hour: Math.floor(m / 60), minute: m % 60 });
          // A wall time inside a spring-forward gap does not exist; luxon shifts it, so skip it.
          if (start.hour * 60 + start.minute !== m) continue;
          const ms = start.toMillis();
          if (ms >= earliest && ms < latest) slots.push(slotAt(ms, slotMinutes));
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  return slots;
}

/** Whether `start` is one of the clinic's slots bookable at `now`. */
export function isConsultSlot(rules: CalendarRules, start: string, now: Date): boolean {
  const ms = Date.parse(start);
  if (Number.isNaN(ms)) return false;
  return consultSlots(rules, { from: new Date(ms), to: new Date(ms + 1) }, now).some((s) => Date.parse(s.start) === ms);
}

/** A slot from its start in epoch ms; times as canonical UTC ISO strings. */
export function slotAt(startMs: number, slotMinutes: number): Slot {
  return { start: new Date(startMs).toISOString(), end: new Date(startMs + slotMinutes * 60_000).toISOString() };
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
