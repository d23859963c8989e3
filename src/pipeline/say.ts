import type { Choice, Reply, ReplyKind } from "../domain/message.js";
import { describeHours, officeHours } from "../clinic/hours.js";
import { joinList, type ClinicProfile } from "../clinic/profile.js";
import { renderAnswer, type PlaceholderValues } from "../knowledge/placeholders.js";
import type { Phrase } from "../domain/phrases.js";
import type { Language, Templates } from "../templates.js";
import type { TurnContext, TurnServices } from "./context.js";

const valuesCache = new WeakMap<ClinicProfile, Partial<Record<Language, PlaceholderValues>>>();

/**
 * The clinic's facts as answers show them, one value per placeholder (src/knowledge/placeholders.ts).
 * Optional facts the profile lacks are left out, so their `[[...]]` segments fall back.
 */
export function clinicValues(clinic: ClinicProfile, language: Language = "en"): PlaceholderValues {
  const cached = valuesCache.get(clinic)?.[language];
  if (cached) return cached;
  const spanish = language === "es" ? clinic.es : undefined;
  const and = language === "es" ? "y" : "and";
  const services = spanish?.services ?? clinic.services;
  const directions = spanish?.directions ?? clinic.directions;
  const values: PlaceholderValues = {
    clinicName: clinic.name,
    clinicPhone: clinic.phone,
    // Hours read in the answer's language; the free-text facts come from the profile's `es:` section
    // in Spanish answers when it has them, else as written.
    officeHours: describeHours(officeHours(clinic), clinic.timeZone, language),
    consultHours: describeHours(clinic.consultHours, clinic.timeZone, language),
    consultMinutes: String(clinic.consult.slotMinutes),
    languages: joinList(spanish?.languages ?? clinic.languages, and),
    ...(clinic.address ? { clinicAddress: clinic.address } : {}),
    ...(clinic.website ? { clinicWebsite: clinic.website } : {}),
    ...(clinic.email ? { clinicEmail: clinic.email } : {}),
    ...(services.length > 0 ? { services: joinList(services, and) } : {}),
    ...(directions ? { directions } : {}),
  };
  valuesCache.set(clinic, { ...valuesCache.get(clinic), [language]: values });
  return values;
}

/** Fills an answer's placeholders and optional segments from the clinic profile (hours in the answer's language). */
export function fillClinic(text: string, clinic: ClinicProfile, language: Language = "en"): string {
  if (!text.includes("{") && !text.includes("[[")) return text;
  return renderAnswer(text, clinicValues(clinic, language));
}

/** Builds a reply from a fixed phrase. */
export function replyFrom(
  kind: ReplyKind,
  phrase: Phrase,
  extra: { choices?: readonly Choice[]; intent?: string; faqId?: string } = {},
): Reply {
  return { kind, text: phrase.web, smsText: phrase.sms, ...extra };
}

/** A phrase with one more sentence: on its own line on the web, after a space by SMS. */
export function withLine(phrase: Phrase, line: Phrase): Phrase {
  return { web: `${phrase.web}\n${line.web}`, sms: `${phrase.sms} ${line.sms}` };
}

/** The conversation's language: what the person chose or wrote in, English until known. */
export function languageOf(ctx: Pick<TurnContext, "state">): Language {
  return ctx.state.language ?? "en";
}

/** Every fixed sentence in the conversation's language. */
export function phrasesFor(ctx: Pick<TurnContext, "state" | "services">): Templates {
  return ctx.services.wording[languageOf(ctx)];
}

/** Every fixed sentence in one language. */
export function phrasesIn(services: Pick<TurnServices, "wording">, language: Language | undefined): Templates {
  return services.wording[language ?? "en"];
}
