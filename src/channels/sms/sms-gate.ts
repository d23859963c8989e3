import type { InboundMessage } from "../../domain/message.js";
import type { TranscriptEntry } from "../../domain/transcript.js";
import type { Logger } from "../../logging/logger.js";
import type { SafetyScreen } from "../../safety/types.js";
import type { TranscriptRepo } from "../../state/transcripts.js";
import { classifySmsKeyword, type SmsKeyword } from "./keywords.js";
import type { OptOutRepo } from "./opt-outs.js";
import type { SmsWording } from "./sms-wording.js";
import type { InboundSms } from "./twilio-form.js";

/** What the channel decided before the conversation sees a message. */
export type GateDecision =
  /** Channel law answered it (STOP, HELP, START...): these texts, possibly none, are the whole reply. */
  | { readonly kind: "answered"; readonly texts: readonly string[]; readonly intent: string }
  /** An ordinary message for the turn pipeline; `afterTurn` runs once the turn answered. */
  | { readonly kind: "pipeline"; readonly afterTurn?: () => Promise<void> };

export interface SmsGateDeps {
  readonly optOuts: OptOutRepo;
  readonly transcripts: TranscriptRepo;
  readonly safety: SafetyScreen;
  readonly wording: SmsWording;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * Opt-out law and the HELP keyword, handled before the conversation: they are channel
 * rules, not dialogue. Every exchange still lands in the transcript.
 *
 * - STOP and the other opt-out keywords, alone: recorded, no reply (Twilio confirms them).
 * - A sentence that revokes consent: recorded, one short confirmation.
 * - START, UNSTOP, and YES from an opted-out number: opted back in, no reply (Twilio confirms).
 * - HELP, INFO: the HELP text, unless the number is opted out.
 * - Any other message from an opted-out number: kept in the transcript, no reply.
 *
 * A crisis message always reaches the pipeline, opted out or not: the crisis reply (988,
 * 911) and the urgent staff alert outrank the no-more-texts rule for a person who wrote
 * to us in danger.
 */
export async function smsGate(deps: SmsGateDeps, inbound: InboundMessage, form: Pick<InboundSms, "OptOutType">): Promise<GateDecision> {
  const phone = inbound.senderId;
  const keyword = keywordOf(inbound.text, form.OptOutType);

  if (keyword.kind === "optOut") {
    try {
      await deps.optOuts.optOut(phone, "keyword", deps.now(), keyword.keyword);
      deps.logger.info({ conversationId: inbound.conversationId, keyword: keyword.keyword }, "sms opt-out recorded");
    } catch (err) {
      // Still no reply: Twilio's own block list has the opt-out, and an apology to STOP would break the rule.
      deps.logger.error({ err, conversationId: inbound.conversationId, keyword: keyword.keyword }, "sms opt-out NOT recorded: store failed");
    }
    return answered(deps, inbound, [], "opt-out");
  }

  if (keyword.kind === "optIn" && (keyword.keyword !== "YES" || (await deps.optOuts.isOptedOut(phone)))) {
    try {
      const wasOut = await deps.optOuts.optIn(phone);
      deps.logger.info({ conversationId: inbound.conversationId, keyword: keyword.keyword, wasOut }, "sms opt-in recorded");
    } catch (err) {
      // The number stays opted out (the safe side); the person can text START again.
      deps.logger.error({ err, conversationId: inbound.conversationId, keyword: keyword.keyword }, "sms opt-in NOT recorded: store failed");
    }
    return answered(deps, inbound, [], "opt-in");
  }

  const crisis = isCrisis(deps, inbound.text);
  if (keyword.kind === "revocation") {
    if (crisis) return { kind: "pipeline", afterTurn: () => recordRevocation(deps, inbound).then(() => undefined) };
    const first = await recordRevocation(deps, inbound);
    return answered(deps, inbound, first ? [deps.wording.optOutConfirmation] : [], "opt-out");
  }

  if (crisis) return { kind: "pipeline" };
  if (await deps.optOuts.isOptedOut(phone)) return answered(deps, inbound, [], keyword.kind === "help" ? "help" : "opted-out");
  if (keyword.kind === "help") return answered(deps, inbound, [deps.wording.help], "help");
  return { kind: "pipeline" };
}

function keywordOf(text: string, optOutType: InboundSms["OptOutType"]): SmsKeyword {
  // Twilio's Advanced Opt-Out has already matched one of the service's own keywords.
  const word = text.trim().toUpperCase();
  if (optOutType === "STOP") return { kind: "optOut", keyword: word };
  if (optOutType === "START") return { kind: "optIn", keyword: word === "YES" ? "START" : word };
  if (optOutType === "HELP") return { kind: "help", keyword: word };
  return classifySmsKeyword(text);
}

async function recordRevocation(deps: SmsGateDeps, inbound: InboundMessage): Promise<boolean> {
  const first = await deps.optOuts.optOut(inbound.senderId, "free-text", deps.now());
  deps.logger.info({ conversationId: inbound.conversationId, first }, "sms opt-out by free text recorded");
  return first;
}

function isCrisis(deps: SmsGateDeps, text: string): boolean {
  try {
    return deps.safety.screen(text).kind === "crisis";
  } catch (err) {
    deps.logger.error({ err }, "safety screen threw");
    return false;
  }
}

async function answered(deps: SmsGateDeps, inbound: InboundMessage, texts: string[], intent: string): Promise<GateDecision> {
  const at = deps.now().toISOString();
  const lines: TranscriptEntry[] = [
    { at: inbound.receivedAt.toISOString(), from: "person", channel: "sms", text: personText(inbound), intent },
    ...texts.map((text): TranscriptEntry => ({ at, from: "bot", channel: "sms", text, kind: "system", intent })),
  ];
  try {
    await deps.transcripts.append(inbound.conversationId, lines);
  } catch (err) {
    // The opt-out itself is recorded; a missing transcript line must not undo the answer.
    deps.logger.error({ err, conversationId: inbound.conversationId }, "sms keyword exchange not written to the transcript");
  }
  return { kind: "answered", texts, intent };
}

function personText(inbound: InboundMessage): string {
  return inbound.mediaCount ? `${inbound.text} [${inbound.mediaCount} attachment(s)]`.trim() : inbound.text;
}
