import { DateTime } from "luxon";
import type { ClinicProfile, WeekHours } from "./profile.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY_NAMES: Record<(typeof DAYS)[number], string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };
/** Spanish day abbreviations (accents are GSM-7 or fold by SMS: mié stays, sáb becomes sab). */
const SPANISH_DAY_NAMES: Record<(typeof DAYS)[number], string> = { mon: "lun", tue: "mar", wed: "mié", thu: "jue", fri: "vie", sat: "sáb", sun: "dom" };

/** "9:00" -> "9 AM", "13:30" -> "1:30 PM". */
function clock(hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  const suffix = h < 12 ? "AM" : "PM";
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour} ${suffix}` : `${hour}:${String(m).padStart(2, "0")} ${suffix}`;
}

/** One day's hours as people say them: "9 AM-12 PM and 1-5 PM" -> simplified to first start and last end. */
function daySpan(ranges: readonly string[]): string | null {
  if (ranges.length === 0) return null;
  const start = ranges[0]!.slice(0, 5);
  const end = ranges[ranges.length - 1]!.slice(6);
  return `${clock(start)}-${clock(end)}`;
}

/**
 * A week's hours in one short line, consecutive days with the same hours grouped:
 * "Mon-Thu 9 AM-5 PM, Fri 9 AM-4 PM". Lunch breaks are not spelled out.
 */
export function describeWeekHours(hours: WeekHours, language: "en" | "es" = "en"): string {
  const names = language === "es" ? SPANISH_DAY_NAMES : DAY_NAMES;
  const groups: { from: string; to: string; span: string }[] = [];
  for (const day of DAYS) {
    const span = daySpan(hours[day]);
    if (!span) continue;
    const last = groups[groups.length - 1];
    const previousDay = DAYS[DAYS.indexOf(day) - 1];
    if (last && last.span === span && last.to === previousDay) last.to = day;
    else groups.push({ from: day, to: day, span });
  }
  if (groups.length === 0) return "by appointment";
  return groups.map((g) => `${names[g.from as (typeof DAYS)[number]]}${g.to !== g.from ? `-${names[g.to as (typeof DAYS)[number]]}` : ""} ${g.span}`).join(", ");
}

/** The clinic's office hours (when staff answer), falling back to the consult hours. */
export function officeHours(clinic: Pick<ClinicProfile, "officeHours" | "consultHours">): WeekHours {
  return clinic.officeHours ?? clinic.consultHours;
}

/** Whether staff are in right now (office hours, clinic zone, holidays excluded). */
export function isOpen(clinic: Pick<ClinicProfile, "officeHours" | "consultHours" | "timeZone" | "holidays">, now: Date): boolean {
  const t = DateTime.fromJSDate(now, { zone: clinic.timeZone });
  if (clinic.holidays.includes(t.toISODate() ?? "")) return false;
  const hhmm = t.toFormat("HH:mm");
  return officeHours(clinic)[DAYS[t.weekday - 1]!].some((r) => r.slice(0, 5) <= hhmm && hhmm < r.slice(6));
}

const SPANISH_DAYS = ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"];

/**
 * When staff will next be in, as a person reads it: "now", "today at 1 PM", "tomorrow at 9 AM",
 * "Monday at 9 AM" (in Spanish "hoy a las 1 PM", "manana a las 9 AM", "el lunes a las 9 AM").
 * Looks two weeks ahead; "during office hours" when nothing is found.
 */
export function nextOpening(clinic: Pick<ClinicProfile, "officeHours" | "consultHours" | "timeZone" | "holidays">, now: Date, language: "en" | "es" = "en"): string {
  if (isOpen(clinic, now)) return "now";
  const start = DateTime.fromJSDate(now, { zone: clinic.timeZone });
  for (let d = 0; d < 14; d++) {
    const day = start.plus({ days: d }).startOf("day");
    if (clinic.holidays.includes(day.toISODate() ?? "")) continue;
    for (const range of officeHours(clinic)[DAYS[day.weekday - 1]!]) {
      const [h, m] = range.slice(0, 5).split(":").map(Number) as [number, number];
      const at = day.set({ hour: h, minute: m });
      if (at <= start) continue;
      if (language === "es") {
        const day = d === 0 ? "hoy" : d === 1 ? "manana" : `el ${SPANISH_DAYS[at.weekday - 1]}`;
        return `${day} a las ${clock(range.slice(0, 5))}`;
      }
      const when = d === 0 ? "today" : d === 1 ? "tomorrow" : at.toFormat("cccc");
      return `${when} at ${clock(range.slice(0, 5))}`;
    }
  }
  return language === "es" ? "en horario de oficina" : "during office hours";
}

/** "Pacific Time" for America/Los_Angeles: the zone's generic name, as people say it. */
export function timeZoneName(timeZone: string, language: "en" | "es" = "en"): string {
  const part = new Intl.DateTimeFormat(language === "es" ? "es-US" : "en-US", { timeZone, timeZoneName: "longGeneric" })
    .formatToParts(new Date(Date.UTC(2026, 0, 15)))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** A range that ends after 6 PM gives evening times. */
const EVENING_AFTER = "18:00";

/**
 * A week's hours as an answer shows them, with the time zone and whether there are evening or
 * weekend times: "Mon-Thu 9 AM-5 PM, Fri 9 AM-4 PM Pacific Time, with no evening or weekend times".
 * A week with no hours at all reads "by appointment only". Lunch breaks are not spelled out.
 */
export function describeHours(hours: WeekHours, timeZone: string, language: "en" | "es" = "en"): string {
  if (language === "es") return describeHoursInSpanish(hours, timeZone);
  const days = describeWeekHours(hours);
  if (days === "by appointment") return "by appointment only";
  const all = DAYS.flatMap((d) => hours[d]);
  const evenings = all.some((r) => r.slice(6) > EVENING_AFTER);
  const saturday = hours.sat.length > 0;
  const sunday = hours.sun.length > 0;
  const weekend = saturday && sunday ? "weekends" : saturday ? "Saturdays" : sunday ? "Sundays" : null;
  const have = [evenings ? "evenings" : null, weekend].filter((x): x is string => x !== null);
  const lack = [evenings ? null : "evening", saturday || sunday ? null : "weekend"].filter((x): x is string => x !== null);
  const notes: string[] = [];
  if (have.length > 0) notes.push(`including ${have.join(" and ")}`);
  if (lack.length > 0) notes.push(`with no ${lack.join(" or ")} times`);
  return `${days} ${timeZoneName(timeZone)}${notes.length > 0 ? `, ${notes.join(", ")}` : ""}`;
}

/** The same in Spanish: "lun-jue 9 AM-5 PM, vie 9 AM-4 PM hora del Pacífico, sin horario de noche ni de fin de semana". */
function describeHoursInSpanish(hours: WeekHours, timeZone: string): string {
  const days = describeWeekHours(hours, "es");
  if (days === "by appointment") return "solo con cita previa";
  const all = DAYS.flatMap((d) => hours[d]);
  const evenings = all.some((r) => r.slice(6) > EVENING_AFTER);
  const weekend = hours.sat.length > 0 || hours.sun.length > 0;
  const note = evenings && weekend ? "con horario de noche y de fin de semana" : evenings ? "con horario de noche, sin fines de semana" : weekend ? "con fines de semana, sin horario de noche" : "sin horario de noche ni de fin de semana";
  return `${days} ${timeZoneName(timeZone, "es")}, ${note}`;
}
