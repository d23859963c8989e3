/**
 * Every fixed sentence the bot says, in one place so the wording is reviewed together.
 *
 * Rules for every template (checked by tests/safety/templates.test.ts):
 * - GSM-7 characters only, on the web too: no curly quotes, em dashes, ellipsis characters
 *   or emoji, so one text serves every channel and never doubles an SMS bill.
 * - SMS forms fit two segments (306 characters) with a 40-character clinic name and a
 *   14-character phone number.
 * - No success rates, no promised outcomes, no doses or medical advice.
 * - Crisis texts never push booking.
 */
import type { Choice } from "./domain/message.js";
import type { Phrase, Phrases } from "./pipeline/phrases.js";

/** What the wording needs from the clinic profile. */
export interface ClinicContact {
  readonly clinicName: string;
  readonly clinicPhone: string;
}

/** The pipeline's phrases plus the channel texts that are fixed sentences too. */
export interface Templates extends Phrases {
  /** The answer to SMS HELP: who is texting, a number to call, rates, how to opt out. */
  readonly help: Phrase;
  /** The one confirmation after a free-text opt-out ("please stop texting me"). */
  readonly optOutConfirmation: Phrase;
  /** The one confirmation after a bare CANCEL from a number with a booked call: texts stopped, the call stands. */
  readonly cancelOptOut: (when: string) => Phrase;
}

/** The same text on the web and by SMS. */
const same = (text: string): Phrase => ({ web: text, sms: text });

const FREE_CONSULT = "free 15-minute phone consult";

/** Builds every template for one clinic. Pure; call once at start-up. */
export function createTemplates({ clinicName, clinicPhone }: ClinicContact): Templates {
  const bookChoices: readonly Choice[] = [
    { title: "Book a free consult", payload: "book a consult" },
    { title: "Talk to a person", payload: "talk to a person" },
  ];
  const menuChoices: readonly Choice[] = [
    { title: "Book a free consult", payload: "book a consult" },
    { title: "How ketamine works", payload: "how does ketamine work" },
    { title: "Cost and insurance", payload: "how much does it cost" },
    { title: "Talk to a person", payload: "talk to a person" },
  ];

  return {
    // One short line, first bot message of every conversation, never repeated.
    disclosure: same(`I'm ${clinicName}'s automated assistant, not a clinician. In an emergency, call 911 or call or text 988.`),

    greeting: same(`Hi! I can answer questions about ketamine treatment and help you book a ${FREE_CONSULT}. What would you like to know?`),

    menu: same(`I can answer questions about ketamine treatment, help you book a ${FREE_CONSULT}, or connect you with a person.`),
    menuChoices,
    bookChoices,

    // Warm, brief; first line acknowledges; 911, 988, Crisis Text Line; staff alerted; no booking.
    // "You or anyone else" covers threats to others with the same reply.
    crisis: {
      web: [
        "I'm so sorry you're going through this, and I'm glad you told me. You don't have to face this alone.",
        "If you or anyone else is in immediate danger, please call 911 now.",
        "You can call or text 988, the Suicide & Crisis Lifeline, any time, or chat at 988lifeline.org. Veterans: call 988 and press 1.",
        "Crisis Text Line: text HOME to 741741.",
      ].join("\n"),
      sms:
        "I'm so sorry you're going through this, and I'm glad you told me. " +
        "If you or anyone else is in immediate danger, call 911. " +
        "Call or text 988 any time, or chat at 988lifeline.org. " +
        "Crisis Text Line: text HOME to 741741.",
    },
    crisisAlerted: same("I've alerted a member of our staff."),
    crisisAlertedEarlier: same("Our staff have been alerted."),
    crisisAlerting: same("I'm letting our staff know now."),
    crisisNotAlerted: (when: string) => same(`Our team reads messages during office hours and will see this ${when}. Please don't wait for us: call or text 988 now.`),

    checkIn: {
      web: [
        "I'm really glad you reached out. It sounds like things are very hard right now.",
        "Are you safe right now?",
        "You can call or text 988 any time to talk with someone, day or night. If you are in danger, call 911.",
      ].join("\n"),
      sms: "I'm really glad you reached out. It sounds like things are very hard right now. Are you safe right now? You can call or text 988 any time, day or night. If you are in danger, call 911.",
    },
    spanishSafety: {
      crisis: {
        web: [
          "Siento mucho que estés pasando por esto, y me alegra que me lo hayas dicho. No tienes que enfrentarlo a solas.",
          "Si tú o alguien más está en peligro inmediato, llama al 911 ahora.",
          "Llama al 988 y marca 2 para hablar en español, o envía la palabra AYUDA por texto al 988, a cualquier hora. Chat: 988lifeline.org.",
        ].join("\n"),
        sms: "Siento mucho que estes pasando por esto y me alegra que me lo hayas dicho. Si tu o alguien mas esta en peligro inmediato, llama al 911. Llama al 988 y marca 2 para español, o envia AYUDA por texto al 988, a cualquier hora.",
      },
      crisisAlerted: { web: "Avisé a un miembro de nuestro equipo.", sms: "Avise a un miembro de nuestro equipo." },
      crisisAlertedEarlier: same("Nuestro equipo ya fue avisado."),
      crisisAlerting: same("Estoy avisando a nuestro equipo ahora."),
      crisisNotAlerted: (when: string) => ({
        web: `Nuestro equipo lee los mensajes en horario de oficina y lo verá ${when}. No esperes: llama o envía un texto al 988 ahora.`,
        sms: `Nuestro equipo lee los mensajes en horario de oficina y lo vera ${when}. No esperes: llama o envia un texto al 988 ahora.`,
      }),
      checkIn: {
        web: [
          "Me alegra mucho que nos escribas. Parece que las cosas están muy difíciles ahora.",
          "¿Estás a salvo en este momento?",
          "Puedes llamar al 988 (marca 2 para español) o enviar AYUDA por texto al 988, a cualquier hora. Si estás en peligro, llama al 911.",
        ].join("\n"),
        sms: "Me alegra mucho que nos escribas. Parece que las cosas estan muy dificiles ahora. ¿Estas a salvo en este momento? Llama al 988 y marca 2, o envia AYUDA al 988, a cualquier hora. Si estas en peligro, llama al 911.",
      },
      checkInSafe: {
        web: "Me alegra que estés a salvo. Si eso cambia, llama o envía un texto al 988 a cualquier hora, o llama al 911 en una emergencia.",
        sms: "Me alegra que estes a salvo. Si eso cambia, llama o envia un texto al 988 a cualquier hora, o llama al 911 en una emergencia.",
      },
    },
    checkInSafe: same("I'm glad you're safe. If that changes, call or text 988 any time, or 911 in an emergency. I'm here if you have questions."),
    goodbyeCareful: same("Take care of yourself. If things get hard, call or text 988 any time, day or night, or call 911 in an emergency."),
    fallbackSafetyLine: same("If you're going through a hard time, you can call or text 988 any time."),
    didYouMean: same("I want to be sure I answer the right question. Did you mean one of these?"),
    somethingElse: { title: "Something else", payload: "something else" },
    outOfScope: same(
      `Sorry, that's not something I can help with. I can answer questions about ketamine treatment, help you book a ${FREE_CONSULT}, or connect you with a person.`,
    ),
    alreadyAnswered: (topic: string) => same(`That's what I just shared about ${topic}. Would you like to book a ${FREE_CONSULT} to ask a clinician, or ask me something else?`),
    acknowledged: same("Glad to help. Is there anything else you'd like to know?"),
    waitingForStaff: (when: string) =>
      same(
        when === "now"
          ? `A member of our team has your message and will reply here as soon as they can during office hours. You can also call ${clinicPhone}.`
          : `A member of our team will read your message when the clinic opens, ${when}, and reply here. You can also call ${clinicPhone} then.`,
      ),
    askContact: (when: string) =>
      same(
        `${when === "now" ? "A member of our team will reply here as soon as they can during office hours." : `Our team will read your message when the clinic opens, ${when}.`} ` +
          "If you might close this window, you can leave a phone number or email so we can reach you. This is optional.",
      ),
    contactSaved: (where: string) => same(`Thank you. If you're not here when we reply, we'll reach you at ${where}.`),
    notWaiting: same(`I'm the clinic's automated assistant. Would you like me to ask a member of our team to get back to you? You can also call ${clinicPhone}.`),
    yourCall: (when: string) => same(`Your free phone consult is booked for ${when}. We'll call you then. To move or cancel it, tell me "move my call" or "cancel my call".`),
    noCallFound: same(`I couldn't find a booked call for this conversation. Would you like to book a ${FREE_CONSULT}? You can also call ${clinicPhone}.`),

    // Every later reply in a flagged conversation: gentle, resources again, no booking push.
    crisisFollowUp: {
      web: [
        "Thank you for your message. Our staff will see this conversation.",
        "If you or anyone else is in immediate danger, call 911. You can call or text 988 any time, or chat at 988lifeline.org. Crisis Text Line: text HOME to 741741.",
      ].join("\n"),
      sms:
        "Thank you for your message. Our staff will see this conversation. " +
        "If you are in immediate danger, call 911. You can call or text 988 any time, or text HOME to 741741.",
    },

    // Never a dose, an interaction verdict or advice to start or stop a medicine.
    medicalDeflection: {
      web:
        "That's an important question, and the answer depends on your own health and medicines, so a clinician should answer it. " +
        `You can ask it in your ${FREE_CONSULT}. ` +
        "Please don't start, stop or change any medicine without talking to your prescriber. Would you like to book the consult?",
      sms:
        "That's a question for a clinician, since the answer depends on your own health and medicines. " +
        `You can ask it in your ${FREE_CONSULT}. ` +
        "Please don't change any medicine without your prescriber. Would you like to book the call?",
    },

    // Also fits a sincere "can you promise it works": no outcomes, no rates.
    manipulationDeflection: same(
      `I can only share ${clinicName}'s reviewed information about ketamine treatment, and I can't promise results: they vary from person to person. ` +
        `A clinician can talk about realistic expectations in your ${FREE_CONSULT}.`,
    ),

    fallback: same(
      `Sorry, I didn't quite get that. I can answer questions about ketamine treatment, help you book a ${FREE_CONSULT}, or connect you with a person.`,
    ),

    notUnderstoodHandoff: same(
      `Sorry, I'm still not sure I understood. I've passed your message to our team, and a person will get back to you. You can also call us at ${clinicPhone}.`,
    ),

    humanHandoff: same(`Of course. I've asked a member of our team to get back to you here. You can also call ${clinicName} at ${clinicPhone}.`),

    staffTakeover: same(`A member of the ${clinicName} team has joined the conversation.`),

    bookingInvite: same(`Would you like to book a ${FREE_CONSULT}? A clinician can answer questions about your own situation.`),

    noProblem: same("No problem. Is there anything else I can help with?"),

    thanks: same("You're welcome! Is there anything else I can help with?"),

    goodbye: same(`Take care, and thank you for contacting ${clinicName}.`),

    secondQuestionOffer: (topic: string) => same(`You also asked about ${topic}. Would you like me to answer that too?`),

    tryAgainLater: {
      web: `Sorry, something went wrong on our side. Please try again in a moment, or call us at ${clinicPhone}. In an emergency, call 911 or call or text 988.`,
      sms: `Sorry, something went wrong on our side. Please try again shortly or call ${clinicName} at ${clinicPhone}. In an emergency, call 911 or call or text 988.`,
    },

    emptyMessage: same(`Your message looks empty. How can I help? You can ask about ketamine treatment or book a ${FREE_CONSULT}.`),

    mediaOnly: same("Thanks! I can only read text, so I can't see pictures or files. Please type your question."),

    help: same(
      `${clinicName}: answers and free consult booking. Help: call ${clinicPhone}. Crisis: call/text 988. Msg&data rates may apply. Reply STOP to opt out.`,
    ),

    cancelOptOut: (when: string) =>
      same(`${clinicName}: texts have stopped. Your free phone consult on ${when} is still booked. To cancel the call, phone ${clinicPhone}. Reply START for texts again.`),

    optOutConfirmation: same(`${clinicName}: you are unsubscribed and will get no more texts from us. Reply START to resubscribe.`),
  };
}
