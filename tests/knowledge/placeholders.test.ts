import { describe, expect, it } from "vitest";
import { describeHours, timeZoneName } from "../../src/clinic/hours.js";
import { PROFILE_LIMITS, clinicProfileSchema, loadClinicProfile, type ClinicProfile } from "../../src/clinic/profile.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import {
  PLACEHOLDERS,
  WORST_CASE_VALUES,
  parseAnswer,
  renderAnswer,
  renderLongest,
  withoutOptional,
} from "../../src/knowledge/placeholders.js";
import { clinicValues, fillClinic } from "../../src/pipeline/say.js";

const clinic = loadClinicProfile("clinic/clinic.yaml");
/** The same clinic with none of the optional facts: no address, website, email, directions or services. */
const bare: ClinicProfile = { ...clinic, address: undefined, website: undefined, email: undefined, directions: undefined, services: [] };
const profile = (overrides: Record<string, unknown>) =>
  clinicProfileSchema.safeParse({ name: "Test Clinic", phone: "(555) 010-0100", phoneE164: "+15550100100", consultHours: { mon: ["09:00-17:00"] }, ...overrides });

describe("optional segments", () => {
  it("shows a segment when the clinic has its facts, its fallback (or nothing) when not", () => {
    const text = "Call {clinicPhone}.[[ Or email {clinicEmail}.]] [[We are at {clinicAddress}.||Ask us for directions.]]";
    expect(renderAnswer(text, { ...withoutOptional(WORST_CASE_VALUES), clinicPhone: "555", clinicEmail: "a@b.example", clinicAddress: "1 Main St" })).toBe(
      "Call 555. Or email a@b.example. We are at 1 Main St.",
    );
    expect(renderAnswer(text, { ...withoutOptional(WORST_CASE_VALUES), clinicPhone: "555" })).toBe("Call 555. Ask us for directions.");
  });

  it("parses segments and reports malformed markup", () => {
    expect(parseAnswer("a [[b {clinicEmail}||c]] d").parts).toEqual([
      { kind: "text", text: "a " },
      { kind: "segment", primary: "b {clinicEmail}", fallback: "c" },
      { kind: "text", text: " d" },
    ]);
    expect(parseAnswer("a [[b").problems).toEqual(['"[[" is never closed with "]]"']);
    expect(parseAnswer("a ]] b").problems).toEqual(['"]]" without a "[[" before it']);
    expect(parseAnswer("[[a||b||c]]").problems).toEqual(['a segment has at most one "||" (primary||fallback)']);
  });

  it("measures the longest rendering: every fact at its profile limit, each segment at its longer branch", () => {
    expect(renderLongest("[[{clinicEmail}||short]]")).toHaveLength(PROFILE_LIMITS.email);
    expect(renderLongest("[[x {clinicEmail}||{clinicName} and a much longer fallback than the email itself, really]]").length).toBeGreaterThan(PROFILE_LIMITS.name);
    for (const name of PLACEHOLDERS) expect(WORST_CASE_VALUES[name].length, name).toBeGreaterThan(0);
  });
});

describe("fillClinic: clinic facts from the profile", () => {
  it("fills every placeholder from clinic/clinic.yaml", () => {
    const values = clinicValues(clinic);
    expect(values).toMatchObject({
      clinicName: clinic.name,
      clinicPhone: clinic.phone,
      clinicAddress: clinic.address,
      clinicEmail: clinic.email,
      consultMinutes: String(clinic.consult.slotMinutes),
      languages: "English and Spanish",
      services: "IV ketamine infusions and Spravato (esketamine) nasal spray",
    });
    expect(values.consultHours).toBe("Mon-Thu 9 AM-5 PM, Fri 9 AM-4 PM Pacific Time, with no evening or weekend times");
    expect(values.officeHours).toMatch(/^Mon-Thu 8:30 AM-5:30 PM, Fri 8:30 AM-4:30 PM Pacific Time/);
  });

  it("takes the consult length from consult.slotMinutes", () => {
    const twenty = { ...clinic, consult: { ...clinic.consult, slotMinutes: 20 } };
    expect(fillClinic(loadKnowledgeBase().faq.get("how-to-start")!.answers.sms, twenty)).toMatch(/^The first step is a free 20-minute phone consult\./);
  });

  it("never shows a missing optional fact as a gap, markup or 'undefined', for any answer", () => {
    for (const entry of loadKnowledgeBase().faq.values()) {
      for (const c of [clinic, bare]) {
        for (const text of [fillClinic(entry.answers.sms, c), fillClinic(entry.answers.web, c)]) {
          expect(text, entry.id).not.toMatch(/[{}]|\[\[|\]\]|\|\||undefined|null|\s{2,}|\s[.,]|\(\s*\)/);
        }
      }
    }
  });

  it("answers where and what with the profile's facts, and falls back to the phone without them", () => {
    const kb = loadKnowledgeBase();
    const location = kb.faq.get("clinic-location")!;
    expect(fillClinic(location.answers.sms, clinic)).toMatch(/^Harbor Ketamine Clinic is at 1200 Harbor Blvd, Suite 300, Long Beach, CA 90802\./);
    expect(fillClinic(location.answers.web, clinic)).toContain("Free parking is behind the building.");
    expect(fillClinic(location.answers.sms, bare)).toMatch(/^Please call \(555\) 010-0199 and the team will tell you how to find us\./);
    expect(fillClinic(location.answers.web, bare)).not.toMatch(/parking|website|https/);
    const services = kb.faq.get("clinic-services")!;
    expect(fillClinic(services.answers.sms, clinic)).toMatch(/^This clinic offers IV ketamine infusions and Spravato \(esketamine\) nasal spray\./);
    expect(fillClinic(services.answers.sms, bare)).toMatch(/^Please ask the team which treatments are offered\./);
    const contact = kb.faq.get("clinic-contact")!;
    expect(fillClinic(contact.answers.sms, clinic)).toContain("Or email hello@harbor-ketamine.example.");
    expect(fillClinic(contact.answers.sms, bare)).not.toMatch(/email/i);
    expect(fillClinic(kb.faq.get("clinic-languages")!.answers.sms, clinic)).toMatch(/speak English and Spanish\./);
  });

  it("leaves text without placeholders alone", () => {
    expect(fillClinic("Please try again.", clinic)).toBe("Please try again.");
  });
});

describe("hours as answers show them", () => {
  const week = (o: Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", string[]>>) => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...o });

  it("says whether there are evening or weekend times, with the time zone", () => {
    expect(describeHours(week({ mon: ["09:00-17:00"], tue: ["09:00-17:00"] }), "America/New_York")).toBe("Mon-Tue 9 AM-5 PM Eastern Time, with no evening or weekend times");
    expect(describeHours(week({ mon: ["09:00-19:30"], sat: ["10:00-14:00"] }), "America/Chicago")).toBe(
      "Mon 9 AM-7:30 PM, Sat 10 AM-2 PM Central Time, including evenings and Saturdays",
    );
    expect(describeHours(week({ fri: ["09:00-17:00"], sat: ["09:00-12:00"], sun: ["09:00-12:00"] }), "America/Los_Angeles")).toBe(
      "Fri 9 AM-5 PM, Sat-Sun 9 AM-12 PM Pacific Time, including weekends, with no evening times",
    );
    expect(describeHours(week({}), "America/Los_Angeles")).toBe("by appointment only");
    expect(timeZoneName("America/Denver")).toBe("Mountain Time");
  });
});

describe("the clinic profile bounds what answers show", () => {
  it("accepts the sample profile", () => {
    expect(clinicProfileSchema.safeParse(clinic).success).toBe(true);
  });

  it.each([
    ["an address over 100 characters", { address: "A".repeat(101) }, "address"],
    ["an email over 60 characters", { email: `${"e".repeat(60)}@x.example` }, "email"],
    ["directions that are not sentences", { directions: "parking behind the building" }, "directions"],
    ["a service over 40 characters", { services: ["S".repeat(41)] }, "services"],
    ["services over 120 characters together", { services: ["S".repeat(40), "T".repeat(40), "U".repeat(40)] }, "services"],
    ["no language", { languages: [] }, "languages"],
    ["a consult over 120 minutes", { consult: { slotMinutes: 150 } }, "consult"],
    ["a greeting naming another consult length", { branding: { greeting: "Book your free 30-minute phone consult." } }, "branding"],
    [
      "hours too varied for one line",
      { consultHours: { mon: ["08:15-19:45"], tue: ["09:15-18:45"], wed: ["10:15-17:45"], thu: ["07:15-20:45"], fri: ["11:15-16:45"], sat: ["09:30-13:15"], sun: ["12:30-16:45"] } },
      "consultHours",
    ],
  ])("refuses %s", (_what, overrides, field) => {
    const parsed = profile(overrides);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toContain(field);
  });

  it("lets a greeting name the configured consult length", () => {
    expect(profile({ consult: { slotMinutes: 30 }, branding: { greeting: "Book your free 30-minute phone consult." } }).success).toBe(true);
  });
});

describe("Spanish clinic facts (the profile's es: section)", () => {
  it("Spanish answers show the services, languages and directions in Spanish, joined with 'y'; English answers keep the English", () => {
    const kb = loadKnowledgeBase();
    const services = kb.faq.get("clinic-services")!;
    const es = fillClinic(services.es!.answers.web, clinic, "es");
    expect(es).toContain("infusiones de ketamina intravenosa y Spravato (esketamina) en spray nasal");
    expect(es).not.toMatch(/IV ketamine infusions|\band\b/);
    expect(fillClinic(services.answers.web, clinic, "en")).toContain("IV ketamine infusions and Spravato (esketamine) nasal spray");
    expect(clinicValues(clinic, "es").languages).toBe("inglés y español");
    expect(clinicValues(clinic, "es").directions).toMatch(/^Hay estacionamiento gratis/);
  });

  it("falls back to the profile's own words for a fact the es: section leaves out", () => {
    const noSpanish: ClinicProfile = { ...clinic, es: undefined };
    expect(clinicValues(noSpanish, "es").services).toBe("IV ketamine infusions y Spravato (esketamine) nasal spray");
  });

  it("validates the es: section like the facts it translates, naming the field", () => {
    const tooLong = profile({ es: { services: ["x".repeat(200)] } });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.path).toEqual(["es", "services", 0]);
    const unknown = profile({ es: { hours: "todo el dia" } });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(["es"]);
    const notSentences = profile({ es: { directions: "estacionamiento atras" } });
    expect(notSentences.error?.issues[0]?.path).toEqual(["es", "directions"]);
  });
});
