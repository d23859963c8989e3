import type { Language, Wording } from "../../templates.js";

/** The SMS channel's own fixed texts (carrier-required wording), in one language. */
export interface SmsTexts {
  /** The answer to HELP, INFO and AYUDA: who is texting, how to reach a person, rates, how to opt out. */
  readonly help: string;
  /** The one confirmation after an opt-out the bot confirms itself ("please stop texting me", PARAR). */
  readonly optOutConfirmation: string;
  /** The one confirmation after a bare CANCEL from a number with a booked call (`when` in the person's zone). */
  readonly cancelOptOut: (when: string) => string;
}

/** The SMS channel's fixed texts per language. */
export type SmsWording = Readonly<Record<Language, SmsTexts>>;

/**
 * The SMS forms of the `help` and `optOutConfirmation` sentences (wording/<language>.yaml, where
 * all fixed wording is reviewed). Carrier rules fix what they say: HELP names the sender,
 * gives a way to reach a person, the rates and how to opt out; an opt-out confirmation says no
 * more texts will come and how to opt back in. Keyword opt-outs and opt-ins Twilio knows
 * (STOP, START...) get Twilio's own confirmation instead.
 */
export function smsWording(wording: Wording): SmsWording {
  return {
    en: { help: wording.en.help.sms, optOutConfirmation: wording.en.optOutConfirmation.sms, cancelOptOut: (when) => wording.en.cancelOptOut(when).sms },
    es: { help: wording.es.help.sms, optOutConfirmation: wording.es.optOutConfirmation.sms, cancelOptOut: (when) => wording.es.cancelOptOut(when).sms },
  };
}
