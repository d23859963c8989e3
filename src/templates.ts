/**
 * Every fixed sentence the bot says lives in `wording/<language>.yaml`, one file per language,
 * reviewed in one place. This module is their loader and typed accessors: it validates both
 * files with zod at start-up (failing loud, naming the file and the field), checks that every
 * placeholder a sentence uses is one its key may use, fills the clinic's facts from the profile
 * ({clinicName}, {clinicPhone}, {consultMinutes}) and hands out {@link Templates} per language.
 *
 * Rules for every sentence (checked by tests/wording/wording.test.ts): English is GSM-7 on both
 * channels; every SMS form, once the channel folds it to GSM-7 (src/channels/sms/to-gsm7.ts),
 * fits two segments with a 40-character clinic name and a 14-character phone number; no
 * success rates, no promised outcomes, no doses; crisis texts never push booking.
 */
import { join } from "node:path";
import { z } from "zod";
import type { Choice } from "./domain/message.js";
import type { Phrase, Phrases } from "./domain/phrases.js";
import { DataFileError, readYamlFile } from "./nlu/data-file.js";
import { PROJECT_ROOT } from "./util/project-root.js";
import { INTENT_IDS } from "./knowledge/schema.js";

/** The languages the bot speaks; a conversation is in one of them. */
export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

/** The clinic facts a sentence may name, filled once at load time. */
export interface WordingClinic {
  readonly clinicName: string;
  readonly clinicPhone: string;
  readonly consultMinutes: number;
}

/** Clinic placeholders every sentence may use. */
const CLINIC_PLACEHOLDERS = ["clinicName", "clinicPhone", "consultMinutes"] as const;

/**
 * Each key of `phrases:` and the arguments its sentence may use besides the clinic's facts.
 * The pipeline reads them through {@link Phrases}; the keys are the contract both files share.
 */
export const PHRASE_ARGS = {
  disclosure: [],
  greeting: [],
  menu: [],
  crisis: [],
  crisisAlerted: [],
  crisisAlertedEarlier: [],
  crisisAlerting: [],
  crisisNotAlerted: ["when"],
  crisisFollowUp: [],
  checkIn: [],
  checkInSafe: [],
  goodbyeCareful: [],
  fallbackSafetyLine: [],
  didYouMean: [],
  outOfScope: [],
  alreadyAnswered: ["topic"],
  acknowledged: [],
  waitingForStaffNow: [],
  waitingForStaffLater: ["when"],
  askContactNow: [],
  askContactLater: ["when"],
  contactSaved: ["where"],
  notWaiting: [],
  yourCall: ["when"],
  noCallFound: [],
  medicalDeflection: [],
  manipulationDeflection: [],
  fallback: [],
  notUnderstoodHandoff: [],
  humanHandoff: [],
  staffTakeover: [],
  bookingInvite: [],
  noProblem: [],
  thanks: [],
  goodbye: [],
  secondQuestionOffer: ["topic"],
  alternativeOffer: ["topic"],
  otherTreatment: ["treatment"],
  tryAgainLater: [],
  emptyMessage: [],
  mediaOnly: [],
  languageSwitched: [],
  answerNotTranslated: [],
  help: [],
  optOutConfirmation: [],
  cancelOptOut: ["when"],
} as const satisfies Record<string, readonly string[]>;

/** Each key of `booking:` (the booking dialog, src/flows/booking/booking-text.ts) and its arguments. */
export const BOOKING_ARGS = {
  askZone: [],
  askZoneAgain: [],
  offer: ["note", "lead", "count"],
  leadNext: [],
  leadMatched: ["when"],
  leadNearest: ["when"],
  leadWhich: [],
  slotJustTaken: [],
  guessedZoneNote: ["zone"],
  askWhen: [],
  held: ["slot", "holdMinutes", "next"],
  askName: [],
  askNameAndPhone: [],
  askPhone: [],
  askPhoneThanks: ["name"],
  badPhone: [],
  thisNumber: ["phone"],
  confirmSms: ["slot", "name", "phone", "reminder"],
  confirmWeb: ["slot", "name", "phone", "reminder"],
  whatToChange: [],
  reminderLine: ["reminder"],
  booked: ["slot", "phone", "reminderLine"],
  confirmationSms: ["slot", "phone", "reminder"],
  movedSms: ["slot", "phone"],
  staffCancelled: ["slot"],
  staffMoved: ["slot", "phone"],
  codeSms: ["code", "minutes"],
  askCodeBook: ["phone"],
  askCodeManage: ["phone"],
  codeResendButton: [],
  codeWrong: ["triesLeft"],
  codeWrongLast: [],
  codeResent: ["phone"],
  codeGivenUp: [],
  codeNotSent: [],
  alreadyBooked: ["slot"],
  moveItButton: [],
  keepItButton: [],
  numberTaken: [],
  tooManyHolds: [],
  keptExisting: ["slot"],
  cancelledSms: ["slot"],
  reminderSms: ["slot", "phone"],
  stopped: [],
  keepGoing: [],
  schedulerDown: [],
  noSlots: ["days"],
  notUnderstood: ["question"],
  handedOver: [],
  resumePrefix: ["question"],
  askLookupCancel: [],
  askLookupMove: [],
  lookupNeedsBoth: [],
  noneFoundSender: [],
  noneFoundLookup: [],
  chooseBooking: [],
  confirmCancel: ["slot"],
  cancelled: ["slot"],
  kept: ["slot"],
  moveWhen: ["slot"],
  confirmMove: ["from", "slot"],
  moved: ["slot", "phone", "reminderLine"],
  movedReminderLine: ["reminder"],
} as const satisfies Record<string, readonly string[]>;

/** Each key of `words:` (small pieces sentences are built from) and its arguments. */
export const WORD_ARGS = {
  oneHour: [],
  hours: ["n"],
  minutes: ["n"],
  today: [],
  onDay: ["day"],
  betweenDays: ["from", "to"],
  atTime: ["time"],
  betweenTimes: ["from", "to"],
  afterTime: ["time"],
  beforeTime: ["time"],
  soon: [],
  otherZone: ["city"],
} as const satisfies Record<string, readonly string[]>;

type ArgsOf<T extends Record<string, readonly string[]>> = { readonly [K in keyof T]: readonly string[] };

const text = z.string().trim().min(1, { message: "must not be empty" });
const phraseSchema = z.union([text, z.strictObject({ web: text, sms: text })]);
const choiceSchema = z.strictObject({ title: z.string().trim().min(1).max(24, { message: "a choice title fits a button: at most 24 characters" }), payload: text });

function keysSchema<T extends Record<string, readonly string[]>, S extends z.ZodType>(spec: T, value: S) {
  return z.strictObject(Object.fromEntries(Object.keys(spec).map((k) => [k, value])) as { [K in keyof T]: S });
}

/** The shape of `wording/<language>.yaml`. Both files share it, so both have the same keys. */
export const wordingFileSchema = z.strictObject({
  version: z.literal(1),
  language: z.enum(LANGUAGES),
  choices: z.strictObject({
    menu: z.array(choiceSchema).min(2).max(5),
    book: z.array(choiceSchema).length(2),
    somethingElse: choiceSchema,
    zones: z.array(choiceSchema).length(4),
    confirm: z.array(choiceSchema).length(3),
    otherLanguage: choiceSchema,
    intentTitles: z.strictObject(Object.fromEntries(INTENT_IDS.map((id) => [id, z.string().trim().min(2).max(40)])) as Record<(typeof INTENT_IDS)[number], z.ZodString>),
  }),
  phrases: keysSchema(PHRASE_ARGS, phraseSchema),
  booking: keysSchema(BOOKING_ARGS, phraseSchema),
  words: keysSchema(WORD_ARGS, text).extend({
    locale: text,
    slotFormat: text,
    dayFormat: text,
    zoneNames: z.record(z.string().regex(/^[A-Za-z_]+\/[A-Za-z_/]+$/, { message: "must be an IANA zone, e.g. America/Chicago" }), text),
  }),
});

export type WordingFile = z.output<typeof wordingFileSchema>;

/** A sentence with `{name}` slots still to fill. */
export type Template = Phrase;
/** The booking dialog's sentences, clinic facts filled, arguments still open (see {@link fill}). */
export type BookingWording = { readonly [K in keyof typeof BOOKING_ARGS]: Template };
/** How dates, zones and durations read in one language. */
export interface WordsOf {
  readonly pieces: { readonly [K in keyof typeof WORD_ARGS]: string };
  readonly locale: string;
  readonly slotFormat: string;
  readonly dayFormat: string;
  readonly zoneNames: Readonly<Record<string, string>>;
}

/** The pipeline's phrases plus the channel texts, the booking dialog's sentences and the small words, in one language. */
export interface Templates extends Phrases {
  readonly language: Language;
  /** The answer to SMS HELP: who is texting, a number to call, rates, how to opt out. */
  readonly help: Phrase;
  /** The one confirmation after a free-text opt-out ("please stop texting me"). */
  readonly optOutConfirmation: Phrase;
  /** The one confirmation after a bare CANCEL from a number with a booked call: texts stopped, the call stands. */
  readonly cancelOptOut: (when: string) => Phrase;
  readonly zoneChoices: readonly Choice[];
  readonly confirmChoices: readonly Choice[];
  /** The web's button to the other language. */
  readonly otherLanguage: Choice;
  /** "Did you mean" titles of the intents. */
  readonly intentTitles: Readonly<Record<(typeof INTENT_IDS)[number], string>>;
  readonly booking: BookingWording;
  readonly words: WordsOf;
  /** Every `phrases:` sentence with the clinic's facts filled and its arguments still open (checks and tools). */
  readonly sentences: { readonly [K in keyof typeof PHRASE_ARGS]: Template };
}

/** The bot's wording in every language. */
export type Wording = Readonly<Record<Language, Templates>>;

/** Fills `{name}` slots; a slot without a value is left as it is (the load-time check makes that impossible for known keys). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Fills a phrase's web and SMS forms. */
export function fillPhrase(template: Template, values: Readonly<Record<string, string | number>>): Phrase {
  return { web: fill(template.web, values), sms: fill(template.sms, values) };
}

const asPhrase = (p: string | Phrase): Phrase => (typeof p === "string" ? { web: p, sms: p } : p);

/** Reads and checks one wording file; throws a {@link DataFileError} naming the file and the field. */
export function readWordingFile(path: string, root: string = PROJECT_ROOT): WordingFile {
  const data = readYamlFile(path, wordingFileSchema, root);
  const file = path.startsWith(root) ? path.slice(root.length + 1) : path;
  const check = (section: string, key: string, value: string | Phrase, allowed: readonly string[]) => {
    for (const form of typeof value === "string" ? [value] : [value.web, value.sms]) {
      for (const [, name] of form.matchAll(/\{([^{}]*)\}/g)) {
        if (!(CLINIC_PLACEHOLDERS as readonly string[]).includes(name!) && !allowed.includes(name!)) {
          const may = [...CLINIC_PLACEHOLDERS, ...allowed].map((a) => `{${a}}`).join(", ");
          throw new DataFileError(file, `${section}.${key}`, `unknown placeholder {${name}} (this sentence may use ${may})`);
        }
      }
      if (/\{|\}/.test(form.replace(/\{[a-zA-Z]+\}/g, ""))) throw new DataFileError(file, `${section}.${key}`, "a stray { or }");
    }
  };
  for (const [key, value] of Object.entries(data.phrases)) check("phrases", key, value, (PHRASE_ARGS as ArgsOf<typeof PHRASE_ARGS>)[key as keyof typeof PHRASE_ARGS]);
  for (const [key, value] of Object.entries(data.booking)) check("booking", key, value, (BOOKING_ARGS as ArgsOf<typeof BOOKING_ARGS>)[key as keyof typeof BOOKING_ARGS]);
  for (const key of Object.keys(WORD_ARGS) as (keyof typeof WORD_ARGS)[]) check("words", key, data.words[key], WORD_ARGS[key]);
  const expected = file.replace(/^.*\//, "").replace(/\.yaml$/, "");
  if ((LANGUAGES as readonly string[]).includes(expected) && data.language !== expected) {
    throw new DataFileError(file, "language", `must be "${expected}", the file's name`);
  }
  return data;
}

/** Builds one language's templates from its checked file, with the clinic's facts filled in. */
export function templatesFrom(data: WordingFile, clinic: WordingClinic): Templates {
  const facts = { clinicName: clinic.clinicName, clinicPhone: clinic.clinicPhone, consultMinutes: clinic.consultMinutes };
  const p = Object.fromEntries(Object.entries(data.phrases).map(([k, v]) => [k, fillPhrase(asPhrase(v), facts)])) as Record<keyof typeof PHRASE_ARGS, Phrase>;
  const booking = Object.fromEntries(Object.entries(data.booking).map(([k, v]) => [k, fillPhrase(asPhrase(v), facts)])) as Record<keyof typeof BOOKING_ARGS, Phrase>;
  const { locale, slotFormat, dayFormat, zoneNames, ...pieces } = data.words;
  const withWhen = (t: Phrase) => (when: string) => fillPhrase(t, { when });
  const withTopic = (t: Phrase) => (topic: string) => fillPhrase(t, { topic });
  return {
    language: data.language,
    ...p,
    menuChoices: data.choices.menu,
    bookChoices: data.choices.book,
    somethingElse: data.choices.somethingElse,
    zoneChoices: data.choices.zones,
    confirmChoices: data.choices.confirm,
    otherLanguage: data.choices.otherLanguage,
    intentTitles: data.choices.intentTitles,
    crisisNotAlerted: withWhen(p.crisisNotAlerted),
    alreadyAnswered: withTopic(p.alreadyAnswered),
    secondQuestionOffer: withTopic(p.secondQuestionOffer),
    alternativeOffer: withTopic(p.alternativeOffer),
    otherTreatment: (treatment: string) => fillPhrase(p.otherTreatment, { treatment }),
    yourCall: withWhen(p.yourCall),
    waitingForStaff: (when: string) => (when === "now" ? p.waitingForStaffNow : fillPhrase(p.waitingForStaffLater, { when })),
    askContact: (when: string) => (when === "now" ? p.askContactNow : fillPhrase(p.askContactLater, { when })),
    contactSaved: (where: string) => fillPhrase(p.contactSaved, { where }),
    cancelOptOut: withWhen(p.cancelOptOut),
    booking,
    words: { pieces, locale, slotFormat, dayFormat, zoneNames },
    sentences: p,
  };
}

/** The wording file of one language under `root`. */
export function wordingPath(language: Language, root: string = PROJECT_ROOT): string {
  return join(root, "wording", `${language}.yaml`);
}

/**
 * Loads `wording/en.yaml` and `wording/es.yaml` for one clinic. Call once at start-up; throws
 * naming the file and the field when a file is wrong.
 */
export function loadWording(clinic: WordingClinic, root: string = PROJECT_ROOT): Wording {
  const en = templatesFrom(readWordingFile(wordingPath("en", root), root), clinic);
  const es = templatesFrom(readWordingFile(wordingPath("es", root), root), clinic);
  return { en, es };
}

/** One language's templates for one clinic (tests and tools; the app calls {@link loadWording} once). */
export function createTemplates(clinic: WordingClinic, language: Language = "en", root: string = PROJECT_ROOT): Templates {
  return templatesFrom(readWordingFile(wordingPath(language, root), root), clinic);
}
