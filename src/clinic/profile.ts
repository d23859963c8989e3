import { readFileSync } from "node:fs";
import { IANAZone } from "luxon";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

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

export const clinicProfileSchema = z.object({
  name: z.string().min(2).max(60),
  phone: z.string().min(7).max(20),
  phoneE164: z.string().regex(/^\+[1-9]\d{6,14}$/, { message: "must be E.164, e.g. +15551234567" }),
  website: z.url().optional(),
  address: z.string().optional(),
  timeZone: z
    .string()
    .default("America/Los_Angeles")
    .refine((tz) => IANAZone.isValidZone(tz), { message: "must be an IANA time zone such as America/Los_Angeles" }),
  services: z.array(z.string().min(2)).default([]),
  /** Languages staff speak with patients (the bot names them when asked). */
  languages: z.array(z.string().min(2)).default(["English"]),
  email: z.email().optional(),
  /** How to get there: parking, entrance, transit (said after the address). */
  directions: z.string().max(300).optional(),
  consultHours: weekHours,
  /** When staff read messages and answer handoffs; the consult hours when not given. */
  officeHours: weekHours.optional(),
  consult: z
    .object({
      slotMinutes: z.number().int().min(5).max(120).default(15),
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
