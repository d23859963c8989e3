import type { Choice, Reply } from "../../domain/message.js";
import type { TurnContext } from "../../pipeline/context.js";
import type { Phrase } from "../../domain/phrases.js";
import { phrasesFor } from "../../pipeline/say.js";
import { formatPhone, formatSlot, zoneName, type SlotStyle } from "../../scheduling/format-slot.js";
import type { Slot } from "../../scheduling/scheduling-adapter.js";
import { fill, fillPhrase, type Templates, type WordsOf } from "../../templates.js";

/**
 * Everything the booking dialog says, put together from the sentences of the conversation's
 * language (wording/<language>.yaml, `booking:` and `words:`). Web and SMS share the words
 * unless the file gives an SMS form; the SMS channel folds what GSM-7 lacks. Choices become
 * buttons on the web and a numbered list on SMS (the channel renders them).
 */

type Say = (web: string, sms?: string, choices?: readonly Choice[]) => Reply;

export const say: Say = (web, sms, choices) => ({
  kind: "dialog",
  text: web,
  ...(sms && sms !== web ? { smsText: sms } : {}),
  ...(choices?.length ? { choices } : {}),
  intent: "booking",
});

const sayPhrase = (p: Phrase, choices?: readonly Choice[]) => say(p.web, p.sms, choices);

/** How slots read in one language. */
export function slotStyle(words: WordsOf): SlotStyle {
  return { locale: words.locale, slotFormat: words.slotFormat, zoneNames: words.zoneNames, otherZone: words.pieces.otherZone };
}

/** The slots as choices: buttons on the web, numbered lines by SMS. */
export function slotChoices(slots: readonly Slot[], zone: string, style?: SlotStyle): Choice[] {
  return slots.map((s) => ({ title: formatSlot(s.start, zone, style), payload: `slot:${s.start}` }));
}

/** "1 hour", "90 minutes", "2 hours" (or "1 hora", "90 minutos"). */
export function reminderPhrase(minutes: number, words?: WordsOf): string {
  const w = words?.pieces ?? { oneHour: "1 hour", hours: "{n} hours", minutes: "{n} minutes" };
  if (minutes % 60 === 0) return minutes === 60 ? w.oneHour : fill(w.hours, { n: minutes / 60 });
  return fill(w.minutes, { n: minutes });
}

/** The first letter in capitals: a slot ("sábado 5 de diciembre...") may start a sentence. */
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The booking dialog's sentences in the conversation's language. */
export function textFor(ctx: Pick<TurnContext, "state" | "services">) {
  return bookingText(phrasesFor(ctx));
}

const cache = new WeakMap<Templates, ReturnType<typeof build>>();

/** The booking dialog's sentences in one language (built once per language). */
export function bookingText(t: Templates) {
  let built = cache.get(t);
  if (!built) cache.set(t, (built = build(t)));
  return built;
}

function build(t: Templates) {
  const b = t.booking;
  const style = slotStyle(t.words);
  const slot = (iso: string, zone: string) => formatSlot(iso, zone, style);
  const reminder = (minutes: number) => reminderPhrase(minutes, t.words);
  return {
    askZone: (again = false) => sayPhrase(again ? b.askZoneAgain : b.askZone, t.zoneChoices),

    /** Lead sentences before a list of slots. */
    leadNext: () => b.leadNext.web,
    leadMatched: (when: string) => fill(b.leadMatched.web, { when }),
    leadNearest: (when: string) => fill(b.leadNearest.web, { when }),
    leadWhich: () => b.leadWhich.web,
    slotJustTaken: () => b.slotJustTaken.web,

    offer: (slots: readonly Slot[], zone: string, lead: string, zoneNote: string | null) => {
      const note = zoneNote ? `${zoneNote} ` : "";
      lead = lead.replace(/:$/, ".");
      return sayPhrase(fillPhrase(b.offer, { note, lead, count: slots.length }), slotChoices(slots, zone, style));
    },

    guessedZoneNote: (zone: string) => fill(b.guessedZoneNote.web, { zone: zoneName(zone, style) }),

    askWhen: () => sayPhrase(b.askWhen),

    held: (hold: Slot, zone: string, holdMinutes: number, next: Reply) =>
      say(
        fill(b.held.web, { slot: cap(slot(hold.start, zone)), holdMinutes, next: next.text }),
        fill(b.held.sms, { slot: cap(slot(hold.start, zone)), holdMinutes, next: next.smsText ?? next.text }),
      ),

    askName: () => sayPhrase(b.askName),
    askNameAndPhone: () => sayPhrase(b.askNameAndPhone),
    askPhone: (name?: string) => sayPhrase(name ? fillPhrase(b.askPhoneThanks, { name }) : b.askPhone),
    badPhone: () => sayPhrase(b.badPhone),

    confirm: (hold: Slot, zone: string, name: string, phone: string, channel: "web" | "sms" | "cli", fromSender: boolean, reminderMinutes: number) => {
      const when = slot(hold.start, zone);
      if (channel === "sms") {
        const number = fromSender ? fill(b.thisNumber.sms, { phone: formatPhone(phone) }) : formatPhone(phone);
        return say(fill(b.confirmSms.web, { slot: when, name, phone: number, reminder: reminder(reminderMinutes) }));
      }
      return say(fill(b.confirmWeb.web, { slot: when, name, phone: formatPhone(phone), reminder: reminder(reminderMinutes) }), undefined, t.confirmChoices);
    },

    whatToChange: () => sayPhrase(b.whatToChange),

    booked: (booked: Slot, zone: string, phone: string, texts: boolean, reminderMinutes: number) => {
      const reminderLine = texts ? ` ${fill(b.reminderLine.web, { reminder: reminder(reminderMinutes) })}` : "";
      return sayPhrase(fillPhrase(b.booked, { slot: slot(booked.start, zone), phone: formatPhone(phone), reminderLine }));
    },

    /** The proactive confirmation text: no drug, no clinic name (a lock screen may be seen). */
    confirmationSms: (booked: Slot, zone: string, phone: string, reminderMinutes: number) =>
      fill(b.confirmationSms.sms, { slot: slot(booked.start, zone), phone: formatPhone(phone), reminder: reminder(reminderMinutes) }),

    movedSms: (booked: Slot, zone: string, phone: string) => fill(b.movedSms.sms, { slot: slot(booked.start, zone), phone: formatPhone(phone) }),

    // --- Confirming a phone number given on the web (a one-time code by SMS) ---
    codeSms: (code: string, minutes: number) => fill(b.codeSms.sms, { code, minutes }),
    askCode: (phone: string, why: "book" | "manage") =>
      say(
        fill((why === "book" ? b.askCodeBook : b.askCodeManage).web, { phone: formatPhone(phone) }),
        fill((why === "book" ? b.askCodeBook : b.askCodeManage).sms, { phone: formatPhone(phone) }),
        [{ title: b.codeResendButton.web, payload: "code:resend" }],
      ),
    codeWrong: (triesLeft: number) => sayPhrase(triesLeft === 1 ? b.codeWrongLast : fillPhrase(b.codeWrong, { triesLeft })),
    codeResent: (phone: string) => sayPhrase(fillPhrase(b.codeResent, { phone: formatPhone(phone) })),
    codeGivenUp: () => sayPhrase(b.codeGivenUp),
    codeNotSent: () => sayPhrase(b.codeNotSent),

    /** A second booking for a number or a visitor that already has one: offer to move the first. */
    alreadyBooked: (start: string, zone: string) =>
      say(fill(b.alreadyBooked.web, { slot: slot(start, zone) }), fill(b.alreadyBooked.sms, { slot: slot(start, zone) }), [
        { title: b.moveItButton.web, payload: "booked:move" },
        { title: b.keepItButton.web, payload: "booked:keep" },
      ]),
    numberTaken: () => sayPhrase(b.numberTaken),
    tooManyHolds: () => sayPhrase(b.tooManyHolds),
    keptExisting: (start: string, zone: string) => sayPhrase(fillPhrase(b.keptExisting, { slot: slot(start, zone) })),

    /** Sent to the phone number on a booking whenever it is moved or cancelled, from any channel. */
    cancelledSms: (start: string, zone: string) => fill(b.cancelledSms.sms, { slot: slot(start, zone) }),

    /** Staff cancelled the call from the console; said on the person's channel. */
    staffCancelled: (start: string, zone: string) => sayPhrase(fillPhrase(b.staffCancelled, { slot: slot(start, zone) })),

    /** Staff moved the call from the console; said on the person's channel. */
    staffMoved: (start: string, zone: string, phone: string) => sayPhrase(fillPhrase(b.staffMoved, { slot: slot(start, zone), phone: formatPhone(phone) })),

    stopped: () => sayPhrase(b.stopped),

    keepGoing: () => sayPhrase(b.keepGoing),

    schedulerDown: () => sayPhrase(b.schedulerDown),

    noSlots: (horizonDays: number) => sayPhrase(fillPhrase(b.noSlots, { days: horizonDays })),

    notUnderstood: (question: Reply) =>
      say(fill(b.notUnderstood.web, { question: question.text }), fill(b.notUnderstood.sms, { question: question.smsText ?? question.text }), question.choices),

    handedOver: () => sayPhrase(b.handedOver),

    resumePrefix: (reply: Reply) =>
      say(fill(b.resumePrefix.web, { question: reply.text }), fill(b.resumePrefix.sms, { question: reply.smsText ?? reply.text }), reply.choices),

    // Reschedule and cancel.
    askLookup: (mode: "reschedule" | "cancel") => sayPhrase(mode === "cancel" ? b.askLookupCancel : b.askLookupMove),
    lookupNeedsBoth: () => sayPhrase(b.lookupNeedsBoth),
    noneFound: (viaSender: boolean) => sayPhrase(viaSender ? b.noneFoundSender : b.noneFoundLookup),
    chooseBooking: (refs: readonly { id: string; start: string }[], zone: string) =>
      sayPhrase(
        b.chooseBooking,
        refs.map((r) => ({ title: slot(r.start, zone), payload: `booking:${r.id}` })),
      ),
    confirmCancel: (start: string, zone: string) => sayPhrase(fillPhrase(b.confirmCancel, { slot: slot(start, zone) })),
    cancelled: (start: string, zone: string) => sayPhrase(fillPhrase(b.cancelled, { slot: slot(start, zone) })),
    kept: (start: string, zone: string) => sayPhrase(fillPhrase(b.kept, { slot: slot(start, zone) })),
    moveWhen: (start: string, zone: string) => fill(b.moveWhen.web, { slot: slot(start, zone) }),
    confirmMove: (from: string, to: Slot, zone: string) => sayPhrase(fillPhrase(b.confirmMove, { from: slot(from, zone), slot: slot(to.start, zone) })),
    moved: (moved: Slot, zone: string, phone: string, texts: boolean, reminderMinutes: number) => {
      const reminderLine = texts ? ` ${fill(b.movedReminderLine.web, { reminder: reminder(reminderMinutes) })}` : "";
      return sayPhrase(fillPhrase(b.moved, { slot: slot(moved.start, zone), phone: formatPhone(phone), reminderLine }));
    },
    /** The reminder text (no drug, no clinic name). */
    reminderSms: (start: string, zone: string, phone: string) => fill(b.reminderSms.sms, { slot: slot(start, zone), phone: formatPhone(phone) }),
    /** A time preference echoed in a sentence ("on Thu, Dec 3 after 4 PM", "el jueves 3 de diciembre después de las 4 PM"). */
    words: t.words,
  };
}

/** The booking dialog's sentences in one language; clinic facts are filled from the profile at load time. */
export type BookingText = ReturnType<typeof bookingText>;
