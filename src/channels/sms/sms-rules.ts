import type { InboundMessage, Reply } from "../../domain/message.js";
import type { Logger } from "../../logging/logger.js";
import type { ChannelRules, RuleOutcome } from "../../pipeline/channel-rules.js";
import type { SafetyVerdict } from "../../safety/types.js";
import type { OptOutRepo, OptOutSource } from "../../state/opt-outs.js";
import type { WriteSpool } from "../../state/spooled-writes.js";
import { keywordFromTwilio, type TwilioKeywordHandling } from "./keywords.js";
import type { SmsWording } from "./sms-wording.js";
import type { CallLookup } from "../../pipeline/context.js";
import type { HandoffRequest } from "../../handoff/handoff-service.js";
import { formatSlot } from "../../scheduling/format-slot.js";

export interface SmsRulesDeps {
  readonly optOuts: OptOutRepo;
  readonly wording: SmsWording;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Where an opt-out goes when the store cannot take it (it is the law: it must not be lost). */
  readonly spool?: WriteSpool;
  /** How Twilio treats keywords on the clinic's number (TWILIO_KEYWORDS): decides who answers STOP, START and HELP. */
  readonly handling?: TwilioKeywordHandling;
  /** The sender's next booked call, if any: a bare CANCEL from a booked number is flagged to staff. */
  readonly bookedCall?: CallLookup;
  /** Opens a handoff for staff (and alerts them) when a booked number texts CANCEL. */
  readonly flagStaff?: (request: HandoffRequest) => Promise<unknown>;
  /** The clinic's zone, for the staff note. */
  readonly clinicZone?: string;
}

const CONTINUE: RuleOutcome = { kind: "continue" };

/**
 * SMS channel law, after the safety verdict (a crisis never reaches these rules; an opt-out
 * written in a crisis message is honoured after the crisis reply, see `afterCrisis`):
 *
 * - STOP and the other opt-out keywords, alone: recorded; no reply when Twilio confirms them
 *   itself, else one confirmation (see `keywordFromTwilio` for what Twilio answers on which number).
 *   A bare CANCEL from a number with a booked call also flags staff at once, and its one
 *   confirmation says texts stopped, the call still stands and how to cancel it by phone.
 * - A sentence that revokes consent: recorded, one short confirmation (the first time).
 * - START and UNSTOP: opted back in, no reply. YES (even flagged START by Advanced Opt-Out)
 *   opts back in only a number that is opted out; otherwise it is an ordinary "yes" (a booking
 *   confirmation).
 * - The Spanish keywords (PARAR, CANCELAR, ALTO; AYUDA) and Spanish revocations are answered in Spanish.
 * - HELP, INFO: the HELP text, unless the number is opted out or Twilio already answered it.
 * - Any other message from an opted-out number: kept in the transcript, no reply.
 * - A possible-risk message is answered (the check-in) even from an opted-out number, and a
 *   revocation in it is recorded after.
 */
export function smsRules(deps: SmsRulesDeps): ChannelRules {
  const answered = (replies: Reply[], intent: string): RuleOutcome => ({ kind: "answered", replies, intent });

  async function optOut(message: InboundMessage, source: OptOutSource, keyword?: string): Promise<boolean> {
    const at = deps.now();
    try {
      const first = await deps.optOuts.optOut(message.senderId, source, at, keyword);
      deps.logger.info({ conversationId: message.conversationId, source, keyword }, "sms opt-out recorded");
      return first;
    } catch (err) {
      const kept = (await deps.spool?.add({ kind: "opt-out", phone: message.senderId, source, at: at.toISOString(), ...(keyword ? { keyword } : {}) })) ?? false;
      deps.logger.error({ err, conversationId: message.conversationId, spooled: kept }, "sms opt-out not written to the store");
      return true;
    }
  }

  async function bookedCallOf(message: InboundMessage): Promise<{ start: string; timeZone: string } | null> {
    if (!deps.bookedCall) return null;
    try {
      return await deps.bookedCall.find(message);
    } catch (err) {
      deps.logger.warn({ err }, "sms cancel: booked call lookup failed");
      return null;
    }
  }

  async function flagCancel(message: InboundMessage, start: string): Promise<void> {
    const when = formatSlot(start, deps.clinicZone ?? "America/Los_Angeles");
    const details = `Texted CANCEL: texts to this number have stopped (opt-out). The consult call on ${when} is still booked. Call them to ask whether they meant the call.`;
    try {
      await deps.flagStaff?.({ conversationId: message.conversationId, channel: "sms", reason: "booking-problem", details });
    } catch (err) {
      deps.logger.error({ err, conversationId: message.conversationId }, "sms cancel: staff not flagged");
    }
  }

  async function optedOut(phone: string): Promise<boolean> {
    try {
      return await deps.optOuts.isOptedOut(phone);
    } catch (err) {
      // Twilio itself blocks texts to numbers that sent STOP, so answering is the lesser risk than silence.
      deps.logger.warn({ err }, "opt-out lookup failed; answering");
      return false;
    }
  }

  return {
    async admit(message: InboundMessage, verdict: SafetyVerdict): Promise<RuleOutcome> {
      const isOut = await optedOut(message.senderId);
      const keyword = keywordFromTwilio(message.text, message.carrierKeyword, { optedOut: isOut, ...(deps.handling ? { handling: deps.handling } : {}) });
      if (keyword.kind === "optOut") {
        // CANCEL is a carrier opt-out word, but a booked person may mean the call: stop texts as the law
        // says, tell staff at once, and say the call stands and how to cancel it by phone.
        const call = keyword.keyword === "CANCEL" ? await bookedCallOf(message) : null;
        const first = await optOut(message, "keyword", keyword.keyword);
        const texts = deps.wording[keyword.language ?? "en"];
        if (call) {
          await flagCancel(message, call.start);
          return answered(keyword.answeredByTwilio || !first ? [] : [systemReply(texts.cancelOptOut(formatSlot(call.start, call.timeZone)), "opt-out")], "opt-out");
        }
        return answered(keyword.answeredByTwilio || !first ? [] : [systemReply(texts.optOutConfirmation, "opt-out")], "opt-out");
      }
      if (keyword.kind === "optIn") {
        try {
          const wasOut = await deps.optOuts.optIn(message.senderId);
          deps.logger.info({ conversationId: message.conversationId, keyword: keyword.keyword, wasOut }, "sms opt-in recorded");
        } catch (err) {
          // The number stays opted out (the safe side); the person can text START again.
          deps.logger.error({ err, conversationId: message.conversationId }, "sms opt-in NOT recorded: store failed");
        }
        return answered([], "opt-in");
      }
      if (keyword.kind === "revocation") {
        const first = await optOut(message, "free-text");
        if (verdict.kind === "risk") return CONTINUE;
        return answered(first ? [systemReply(deps.wording[keyword.language ?? "en"].optOutConfirmation, "opt-out")] : [], "opt-out");
      }
      if (verdict.kind === "risk") return CONTINUE;
      if (isOut) return answered([], keyword.kind === "help" ? "help" : "opted-out");
      if (keyword.kind === "help") return answered(keyword.answeredByTwilio ? [] : [systemReply(deps.wording[keyword.language ?? "en"].help, "help")], "help");
      return CONTINUE;
    },

    async afterCrisis(message: InboundMessage): Promise<void> {
      const keyword = keywordFromTwilio(message.text, message.carrierKeyword, { optedOut: false, ...(deps.handling ? { handling: deps.handling } : {}) });
      if (keyword.kind === "optOut") await optOut(message, "keyword", keyword.keyword);
      else if (keyword.kind === "revocation") await optOut(message, "free-text");
    },
  };
}

function systemReply(text: string, intent: string): Reply {
  return { kind: "system", text, smsText: text, intent };
}
