import type { Choice, Reply, ReplyKind } from "../domain/message.js";
import type { ClinicProfile } from "../clinic/profile.js";
import type { Phrase } from "./phrases.js";

/** Fills `{clinicName}` and `{clinicPhone}` from the clinic profile. */
export function fillClinic(text: string, clinic: Pick<ClinicProfile, "name" | "phone">): string {
  return text.replaceAll("{clinicName}", clinic.name).replaceAll("{clinicPhone}", clinic.phone);
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
