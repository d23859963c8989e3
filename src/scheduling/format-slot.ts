import { DateTime } from "luxon";
import { parsePhoneNumberFromString } from "libphonenumber-js";

/** Short US names people know ("PT", not "PST"/"PDT", which are wrong half the year). */
const ZONE_LABELS: Readonly<Record<string, string>> = {
  "America/New_York": "ET",
  "America/Detroit": "ET",
  "America/Indiana/Indianapolis": "ET",
  "America/Chicago": "CT",
  "America/Denver": "MT",
  "America/Boise": "MT",
  "America/Phoenix": "Arizona time",
  "America/Los_Angeles": "PT",
  "America/Anchorage": "AKT",
  "Pacific/Honolulu": "HT",
};

/** Long names for sentences: "I'll show times in Eastern Time". */
const ZONE_NAMES: Readonly<Record<string, string>> = {
  "America/New_York": "Eastern Time",
  "America/Detroit": "Eastern Time",
  "America/Indiana/Indianapolis": "Eastern Time",
  "America/Chicago": "Central Time",
  "America/Denver": "Mountain Time",
  "America/Boise": "Mountain Time",
  "America/Phoenix": "Arizona time",
  "America/Los_Angeles": "Pacific Time",
  "America/Anchorage": "Alaska Time",
  "Pacific/Honolulu": "Hawaii Time",
};

/** "PT" for America/Los_Angeles; the offset name (e.g. "GMT+1") for zones outside the US table. */
export function zoneLabel(zone: string, at: Date = new Date()): string {
  return ZONE_LABELS[zone] ?? DateTime.fromJSDate(at, { zone }).toFormat("ZZZZ", { locale: "en-US" });
}

/** How a slot reads in one language (from wording/<language>.yaml `words`). */
export interface SlotStyle {
  /** luxon locale: "en-US", "es". */
  readonly locale: string;
  /** luxon format of a slot's day and time: "ccc, LLL d 'at' h:mm a". */
  readonly slotFormat: string;
  /** Zone names for sentences ("hora del Pacífico"), and the form for other zones ("hora de {city}"). */
  readonly zoneNames?: Readonly<Record<string, string>>;
  readonly otherZone?: string;
}

/** English, as the bot has always written slots (tests and the console use it). */
export const ENGLISH_SLOTS: SlotStyle = { locale: "en-US", slotFormat: "ccc, LLL d 'at' h:mm a", zoneNames: ZONE_NAMES, otherZone: "{city} time" };

/** "Eastern Time"; the IANA city for other zones ("Europe/London" becomes "London time"). */
export function zoneName(zone: string, style: SlotStyle = ENGLISH_SLOTS): string {
  const city = zone.split("/").pop()!.replaceAll("_", " ");
  return style.zoneNames?.[zone] ?? (style.otherZone ?? "{city} time").replace("{city}", city);
}

/**
 * "Tue, Nov 24 at 9:00 AM PT" ("martes 24 de noviembre a las 9:00 a. m. PT"): weekday, date,
 * time and zone, in the person's time zone. Intl's narrow spaces become plain ones (SMS).
 */
export function formatSlot(startIso: string, zone: string, style: SlotStyle = ENGLISH_SLOTS): string {
  const t = DateTime.fromISO(startIso, { zone }).setLocale(style.locale);
  return `${t.toFormat(style.slotFormat).replace(/[\u00A0\u202F]/g, " ")} ${zoneLabel(zone, t.toJSDate())}`;
}

/** "9:00 AM": the time alone, for short choice titles on one day. */
export function formatTime(startIso: string, zone: string): string {
  return DateTime.fromISO(startIso, { zone }).setLocale("en-US").toFormat("h:mm a");
}

/** "(212) 555-0134" for US numbers, international format otherwise. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === "1" ? parsed.formatNational() : parsed.formatInternational();
}
