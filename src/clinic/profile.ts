import { readFileSync } from "node:fs";
import { IANAZone } from "luxon";
import { parseYaml } from "../util/parsed-yaml.js";
import { z } from "zod";
import { describeHours } from "./hours.js";

/**
 * The clinic profile: name, phone, hours and booking rules. Nothing clinic-specific
 * is hard-coded in `src/`; it all comes from this file (CLINIC_PROFILE).
 */

const hhmmRange = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { message: 'must look like "09:00-12:00"' })
  .refine((r) => r.slice(0, 5) < r.slice(6), { message: "must end after it starts" });

const day = z.array(hhmmRange).default([]);

const weekHours = z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day });

const isoDate = z.iso.date({ message: "must be a date like 2026-12-25" });

/**
 * The longest values the profile accepts for the facts answers show. kb:check measures SMS
 * answers with values this long (src/knowledge/placeholders.ts), so a profile that passes this
 * schema can never push a curated SMS answer past two segments.
 */
export const PROFILE_LIMITS = {
  name: 60,
  phone: 20,
  address: 100,
  website: 60,
  email: 60,
  /** Directions are shown on the web only; kb:check keeps {directions} out of SMS answers. */
  directions: 200,
  /** One service, e.g. "IV ketamine infusions". */
  service: 40,
  /** All services as one phrase: "IV ketamine infusions and Spravato (esketamine) nasal spray". */
  services: 120,
  language: 20,
  /** All languages as one phrase: "English and Spanish". */
  languages: 60,
  /** A week's hours as answers show them (describeHours in hours.ts). */
  hours: 110,
  /** The consult length in minutes (consult.slotMinutes). */
  slotMinutes: 120,
} as const;

/** "a", "a and b", "a, b and c": how a list is read out in an answer. */
export function joinList(items: readonly string[], and = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}

const servicesList = z
  .array(z.string().trim().min(2).max(PROFILE_LIMITS.service))
  .refine((list) => joinList(list).length <= PROFILE_LIMITS.services, {
    message: `together must read in at most ${PROFILE_LIMITS.services} characters ("a, b and c"); shorten or merge them`,
  });
const languagesList = z
  .array(z.string().trim().min(2).max(PROFILE_LIMITS.language))
  .min(1, { message: "name at least one language" })
  .refine((list) => joinList(list).length <= PROFILE_LIMITS.languages, {
    message: `together must read in at most ${PROFILE_LIMITS.languages} characters ("English and Spanish")`,
  });
const directionsText = z
  .string()
  .trim()
  .min(10)
  .max(PROFILE_LIMITS.directions)
  .regex(/[.!?]$/, { message: "must be whole sentences, ending with a full stop" });

export const clinicProfileSchema = z.object({
  name: z.string().min(2).max(PROFILE_LIMITS.name),
  phone: z.string().min(7).max(PROFILE_LIMITS.phone),
  phoneE164: z.string().regex(/^\+[1-9]\d{6,14}$/, { message: "must be E.164, e.g. +15551234567" }),
  website: z.url().max(PROFILE_LIMITS.website).optional(),
  /** The street address as people write it on an envelope, on one line. */
  address: z.string().trim().min(5).max(PROFILE_LIMITS.address).optional(),
  timeZone: z
    .string()
    .default("America/Los_Angeles")
    .refine((tz) => IANAZone.isValidZone(tz), { message: "must be an IANA time zone such as America/Los_Angeles" }),
  /** The treatments the clinic offers, each as it reads inside a sentence ("IV ketamine infusions"). */
  services: servicesList.default([]),
  /** Languages staff speak with patients (the bot names them when asked). */
  languages: languagesList.default(["English"]),
  email: z.email().max(PROFILE_LIMITS.email).optional(),
  /** How to get there: parking, entrance, transit, as whole sentences (shown after the address on the web). */
  directions: directionsText.optional(),
  /**
   * The same free-text facts in Spanish, for Spanish answers ("Ofrecemos infusiones de ketamina
   * por vía intravenosa"). A fact left out here is shown as written above.
   */
  es: z
    .strictObject({
      services: servicesList.optional(),
      languages: languagesList.optional(),
      directions: directionsText.optional(),
    })
    .optional(),
  consultHours: weekHours,
  /** When staff read messages and answer handoffs; the consult hours when not given. */
  officeHours: weekHours.optional(),
  consult: z
    .object({
      slotMinutes: z.number().int().min(5).max(PROFILE_LIMITS.slotMinutes).default(15),
      minLeadMinutes: z.number().int().min(0).default(60),
      horizonDays: z.number().int().min(1).max(90).default(14),
      holdMinutes: z.number().int().min(1).max(60).default(5),
      staffLines: z.number().int().min(1).max(50).default(1),
      reminderMinutesBefore: z.number().int().min(5).max(1440).default(60),
    })
    .prefault({}),
  holidays: z.array(isoDate).default([]),
  branding: z
    .object({
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a hex colour like "#1f5f8b"' }).default("#1f5f8b"),
      greeting: z.string().max(300).optional(),
      logoUrl: z.url().nullable().optional(),
    })
    .prefault({}),
}).superRefine((profile, ctx) => {
  // Answers show the hours in one line ({officeHours}, {consultHours}); a week too varied for that
  // would push an SMS answer past two segments.
  const weeks = [["consultHours", profile.consultHours], ["officeHours", profile.officeHours]] as const;
  for (const [field, hours] of weeks) {
    if (!hours) continue;
    // Spanish answers show the same hours in Spanish: both must fit.
    for (const language of ["en", "es"] as const) {
      const line = describeHours(hours, profile.timeZone, language);
      if (line.length > PROFILE_LIMITS.hours) {
        ctx.addIssue({ code: "custom", path: [field], message: `reads as ${line.length} characters ("${line}"); answers allow ${PROFILE_LIMITS.hours}: use fewer different day spans` });
        break;
      }
    }
  }
  // The consult length is a setting: a greeting that names another length would contradict it.
  const named = profile.branding.greeting?.match(/\b(\d+)[- ]minute/i);
  if (named && Number(named[1]) !== profile.consult.slotMinutes) {
    ctx.addIssue({ code: "custom", path: ["branding", "greeting"], message: `says ${named[1]} minutes but consult.slotMinutes is ${profile.consult.slotMinutes}` });
  }
});

export type ClinicProfile = z.output<typeof clinicProfileSchema>;
export type WeekHours = ClinicProfile["consultHours"];

/** Reads and validates the clinic profile; throws an Error naming the file and each bad field. */
export function loadClinicProfile(path: string): ClinicProfile {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`Clinic profile ${path}: ${(err as Error).message}`);
  }
  const result = clinicProfileSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new Error(`Clinic profile ${path} is invalid:\n${lines.join("\n")}`);
  }
  return result.data;
}
