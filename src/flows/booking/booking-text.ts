import type { Choice, Reply } from "../../domain/message.js";
import type { ClinicProfile } from "../../clinic/profile.js";
import { formatPhone, formatSlot, zoneName } from "../../scheduling/format-slot.js";
import type { Slot } from "../../scheduling/scheduling-adapter.js";

/**
 * Everything the booking dialog says. Web and SMS share the words; SMS texts stay GSM-7
 * (straight quotes, no dashes or emoji). Choices become buttons on the web and a numbered
 * list on SMS (the channel renders them).
 */

type Say = (web: string, sms?: string, choices?: readonly Choice[]) => Reply;

export const say: Say = (web, sms, choices) => ({
  kind: "dialog",
  text: web,
  ...(sms && sms !== web ? { smsText: sms } : {}),
  ...(choices?.length ? { choices } : {}),
  intent: "booking",
});

export const ZONE_CHOICES: readonly Choice[] = [
  { title: "Eastern", payload: "zone:America/New_York" },
  { title: "Central", payload: "zone:America/Chicago" },
  { title: "Mountain", payload: "zone:America/Denver" },
  { title: "Pacific", payload: "zone:America/Los_Angeles" },
];

export function slotChoices(slots: readonly Slot[], zone: string): Choice[] {
  return slots.map((s) => ({ title: formatSlot(s.start, zone), payload: `slot:${s.start}` }));
}

export const text = {
  askZone: (again = false) =>
    say(
      again
        ? "Sorry, I didn't catch your time zone. Tap one below, or name a city (for example Chicago or Phoenix)."
        : "Happy to book your free 15-minute phone consult. Which time zone are you in? I'll show times in your zone.",
      again ? "Sorry, I didn't catch your time zone. Reply 1-4, or name a city (like Chicago)." : "Happy to book your free 15-minute phone consult. Which time zone are you in?",
      ZONE_CHOICES,
    ),

  offer: (slots: readonly Slot[], zone: string, lead: string, zoneNote: string | null) => {
    const note = zoneNote ? `${zoneNote} ` : "";
    lead = lead.replace(/:$/, ".");
    return say(
      `${note}${lead} Pick one, or tell me a day and time that suits you better.`,
      `${note}${lead} Reply 1-${slots.length}, or tell me a day and time.`,
      slotChoices(slots, zone),
    );
  },

  guessedZoneNote: (zone: string) => `I'll show times in ${zoneName(zone)}; reply with your time zone if that's wrong.`,

  askWhen: () => say("No problem. What day and time would suit you? For example \"Thursday afternoon\" or \"next Tue after 3\"."),

  held: (slot: Slot, zone: string, holdMinutes: number, next: Reply) =>
    say(`${formatSlot(slot.start, zone)} is yours for the next ${holdMinutes} minutes. ${next.text}`, `${formatSlot(slot.start, zone)} is held for ${holdMinutes} min. ${next.smsText ?? next.text}`),

  askName: () => say("What name should we use?"),
  askNameAndPhone: () => say("What name and phone number should we use? For example: Alex Rivera, 212-555-0134."),
  askPhone: (name?: string) => say(`${name ? `Thanks, ${name}. ` : ""}What phone number should we call?`),
  badPhone: () => say("That doesn't look like a full phone number. Please send the 10-digit number, with the area code."),

  // --- Confirming a phone number given on the web (a one-time code by SMS) ---
  codeSms: (code: string, minutes: number) => `Your code is ${code}. Type it in the chat to confirm this is your number. It expires in ${minutes} minutes. Didn't ask for it? Ignore this text.`,
  askCode: (phone: string, why: "book" | "manage") =>
    say(
      `To make sure ${formatPhone(phone)} is yours, I just texted it a 6-digit code. Please type the code here${why === "book" ? " and I'll book the call" : " to see and change your booking"}. (Say "send again" for a new code.)`,
      undefined,
      [{ title: "Send the code again", payload: "code:resend" }],
    ),
  codeWrong: (triesLeft: number) => say(`That code isn't right. Please check the text and try again (${triesLeft} ${triesLeft === 1 ? "try" : "tries"} left), or say "send again".`),
  codeResent: (phone: string) => say(`I sent a new code to ${formatPhone(phone)}. Please type it here.`),
  codeGivenUp: (clinic: Pick<ClinicProfile, "phone">) => say(`Sorry, I can't confirm that number in this chat. Please call us at ${clinic.phone}, or text us from that phone.`),
  codeNotSent: () => say("I couldn't text a code to that number. Please check it and send the number again (the 10-digit number, with the area code)."),

  /** A second booking for a number or a visitor that already has one: offer to move the first. */
  alreadyBooked: (start: string, zone: string) =>
    say(`You already have a free consult booked for ${formatSlot(start, zone)}. Each person can have one at a time. Would you like to move it to the new time instead?`, undefined, [
      { title: "Yes, move it", payload: "booked:move" },
      { title: "No, keep it", payload: "booked:keep" },
    ]),
  numberTaken: (clinic: Pick<ClinicProfile, "phone">) =>
    say(`That phone number already has a free consult booked. To change it, text us from that phone or call us at ${clinic.phone}.`),
  tooManyHolds: (clinic: Pick<ClinicProfile, "phone">) =>
    say(`You've looked at a lot of times in a short while, so I've paused booking in this chat for now. Please call us at ${clinic.phone} and we'll find a time with you.`),
  keptExisting: (start: string, zone: string) => say(`OK, your consult stays on ${formatSlot(start, zone)}. Nothing has changed.`),

  /** Sent to the phone number on a booking whenever it is moved or cancelled, from any channel. */
  cancelledSms: (start: string, zone: string, clinicPhone: string) =>
    `Your free consultation call on ${formatSlot(start, zone)} has been cancelled. If you did not ask for this, call ${clinicPhone}.`,

  confirm: (slot: Slot, zone: string, name: string, phone: string, channel: "web" | "sms" | "cli", fromSender: boolean, reminderMinutes: number) => {
    const when = formatSlot(slot.start, zone);
    const reminder = reminderPhrase(reminderMinutes);
    if (channel === "sms") {
      const number = fromSender ? `${formatPhone(phone)} (this number)` : formatPhone(phone);
      return say(
        `Please check: free 15-minute phone consult on ${when}. Should we call you, ${name}, at ${number}? We'll text you a reminder ${reminder} before. Reply YES to book, or tell me what to change.`,
      );
    }
    return say(
      `Please check: free 15-minute phone consult on ${when}. We'll call ${name} at ${formatPhone(phone)}. Reply YES to book it and get a text confirmation and a reminder ${reminder} before, or NO TEXTS to book without texts.`,
      undefined,
      [
        { title: "Book it and text me", payload: "confirm:texts" },
        { title: "Book it, no texts", payload: "confirm:notexts" },
        { title: "Change something", payload: "confirm:change" },
      ],
    );
  },

  whatToChange: () => say("Sure. What would you like to change: the time, your name or the number? You can also just send the new detail."),

  booked: (slot: Slot, zone: string, phone: string, clinic: Pick<ClinicProfile, "name" | "phone">, texts: boolean, reminderMinutes: number) => {
    const when = formatSlot(slot.start, zone);
    const reminder = texts ? ` We'll text you a reminder ${reminderPhrase(reminderMinutes)} before.` : "";
    return say(
      `You're booked: ${when}. ${clinic.name} will call you at ${formatPhone(phone)} for your free 15-minute phone consult.${reminder} To change or cancel, message us here or call ${clinic.phone}.`,
      `You're booked: ${when}. We'll call you at ${formatPhone(phone)} for your free 15-minute phone consult.${reminder} To change it, text us here.`,
    );
  },

  /** The proactive confirmation text: no drug, no clinic name (a lock screen may be seen). */
  confirmationSms: (slot: Slot, zone: string, phone: string, clinicPhone: string, reminderMinutes: number) =>
    `Your free consultation call is booked for ${formatSlot(slot.start, zone)}. We'll call you at ${formatPhone(phone)} and text a reminder ${reminderPhrase(reminderMinutes)} before. To change it, call ${clinicPhone}.`,

  movedSms: (slot: Slot, zone: string, phone: string, clinicPhone: string) =>
    `Your free consultation call has moved to ${formatSlot(slot.start, zone)}. We'll call you at ${formatPhone(phone)}. Questions? Call ${clinicPhone}.`,

  slotJustTaken: (lead: string) => `Sorry, that time was just taken. ${lead}`,

  stopped: () => say("No problem, I've stopped booking. If you'd like to book later, just say \"book a call\"."),

  keepGoing: () => say("OK, nothing has changed."),

  schedulerDown: (clinic: Pick<ClinicProfile, "phone">) =>
    say(
      `I'm sorry, I can't reach our booking calendar right now. I've passed your request and preferred times to our team, and someone will contact you to set up the call. You can also call us at ${clinic.phone}.`,
      `Sorry, I can't reach our booking calendar right now. I've passed your request to our team and someone will contact you to set up the call. Or call ${clinic.phone}.`,
    ),

  noSlots: (horizonDays: number, clinic: Pick<ClinicProfile, "phone">) =>
    say(
      `I'm sorry, there are no open consult times in the next ${horizonDays} days. I've passed your request and preferred times to our team so they can fit you in, and someone will contact you. You can also call us at ${clinic.phone}.`,
      `Sorry, there are no open consult times in the next ${horizonDays} days. I've passed your request to our team and someone will contact you. Or call ${clinic.phone}.`,
    ),

  notUnderstood: (question: Reply) =>
    say(`Sorry, I didn't quite get that. ${question.text}`, `Sorry, I didn't get that. ${question.smsText ?? question.text}`, question.choices),

  handedOver: (clinic: Pick<ClinicProfile, "phone">) =>
    say(`I'm having trouble with this, so I've asked a member of our team to help you book. They'll be in touch soon, or you can call ${clinic.phone}.`),

  resumePrefix: (reply: Reply) => say(`Back to booking: ${reply.text}`, `Back to booking: ${reply.smsText ?? reply.text}`, reply.choices),

  // Reschedule and cancel.
  askLookup: (mode: "reschedule" | "cancel") =>
    say(`I can help ${mode === "cancel" ? "cancel" : "move"} your call. What phone number and name did you book with? For example: 212-555-0134, Alex Rivera.`),
  lookupNeedsBoth: () => say("To keep bookings private I need both the phone number and the name you booked with."),
  noneFound: (viaSender: boolean, clinic: Pick<ClinicProfile, "phone">) =>
    say(
      `I couldn't find an upcoming consult call ${viaSender ? "for this number" : "for that number and name"}. If you booked with another number, send it here, or call us at ${clinic.phone}. To book a new call, just say "book a call".`,
    ),
  chooseBooking: (refs: readonly { id: string; start: string }[], zone: string) =>
    say(
      "You have more than one call booked. Which one?",
      undefined,
      refs.map((r) => ({ title: formatSlot(r.start, zone), payload: `booking:${r.id}` })),
    ),
  confirmCancel: (start: string, zone: string) =>
    say(`Cancel your free phone consult on ${formatSlot(start, zone)}? Reply YES to cancel it, or NO to keep it.`),
  cancelled: (start: string, zone: string, clinic: Pick<ClinicProfile, "phone">) =>
    say(`Done: your call on ${formatSlot(start, zone)} is cancelled. If you'd like a new time, just say "book a call", or call us at ${clinic.phone}.`),
  kept: (start: string, zone: string) => say(`OK, your call stays on ${formatSlot(start, zone)}.`),
  moveWhen: (start: string, zone: string) => `Your call is on ${formatSlot(start, zone)}. Here are other times:`,
  confirmMove: (from: string, to: Slot, zone: string) =>
    say(`Move your call from ${formatSlot(from, zone)} to ${formatSlot(to.start, zone)}? Reply YES to move it, or tell me another time.`),
  moved: (slot: Slot, zone: string, phone: string, texts: boolean, reminderMinutes: number) =>
    say(
      `Done: your free phone consult is now ${formatSlot(slot.start, zone)}. We'll call you at ${formatPhone(phone)}.${texts ? ` We'll text a reminder ${reminderPhrase(reminderMinutes)} before.` : ""}`,
    ),
};

/** "1 hour", "90 minutes", "2 hours". */
export function reminderPhrase(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
