import type { ClinicProfile } from "../../clinic/profile.js";
import { createTemplates } from "../../templates.js";

/** The SMS channel's own fixed texts (carrier-required wording). */
export interface SmsWording {
  /** The answer to HELP and INFO: who is texting, how to reach a person, rates, how to opt out. */
  readonly help: string;
  /** The one confirmation after a free-text opt-out ("please stop texting me"). */
  readonly optOutConfirmation: string;
  /** The one confirmation after a bare CANCEL from a number with a booked call (`when` in the person's zone). */
  readonly cancelOptOut: (when: string) => string;
}

/**
 * The SMS forms of the `help` and `optOutConfirmation` templates (src/templates.ts, where
 * all fixed wording is reviewed). Carrier rules fix what they say: HELP names the sender,
 * gives a way to reach a person, "Msg&data rates may apply" and "Reply STOP to opt out";
 * an opt-out confirmation says no more texts will come and how to opt back in. Keyword
 * opt-outs and opt-ins (STOP, START...) get Twilio's own confirmation instead.
 */
export function smsWording(clinic: Pick<ClinicProfile, "name" | "phone">): SmsWording {
  const templates = createTemplates({ clinicName: clinic.name, clinicPhone: clinic.phone });
  return { help: templates.help.sms, optOutConfirmation: templates.optOutConfirmation.sms, cancelOptOut: (when) => templates.cancelOptOut(when).sms };
}
