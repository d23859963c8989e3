import { createHash } from "node:crypto";
import { z } from "zod";
import { DateTime } from "luxon";
import type { InboundMessage, Reply } from "../domain/message.js";
import type { HandoffReason, HandoffUrgency } from "../domain/handoff.js";
import type { SafetyVerdict } from "../safety/types.js";
import type { MatchResult } from "../knowledge/types.js";

/** What the booking dialog did in a turn (set by the booking steps). */
export type BookingOutcome = "booked" | "moved" | "cancelled";

/** Facts of a turn that its replies do not show: which handoff was opened, what happened to a booking. */
export interface TurnFacts {
  handoff?: { readonly reason: HandoffReason; readonly urgency: HandoffUrgency };
  booking?: BookingOutcome;
}

/** What a turn ended as, for counting. One per turn. */
export const OUTCOMES = [
  "answered",
  "suggestions",
  "fallback",
  "second-miss",
  "intent",
  "booking",
  "deflection",
  "check-in",
  "crisis",
  "handoff",
  "opt-out",
  "keyword",
  "quiet",
  "error",
] as const;
export type TurnOutcomeKind = (typeof OUTCOMES)[number];

/**
 * One turn as insights keep it: what happened, never what was said. No message text, no
 * phone number, no visitor id: the conversation is a salted hash, good only for counting.
 */
export const turnEventSchema = z.object({
  v: z.literal(1),
  at: z.string(),
  /** The clinic's local day and hour (busiest hours, daily counters). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  hour: z.number().int().min(0).max(23),
  channel: z.enum(["web", "sms", "cli"]),
  conv: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/),
  /** The conversation's first message. */
  first: z.boolean(),
  outcome: z.enum(OUTCOMES),
  faqIds: z.array(z.string().regex(/^[a-z0-9-]+$/)).max(4),
  intent: z.string().regex(/^[a-z0-9-]+$/).optional(),
  /** The person picked one of the "did you mean" choices. */
  suggestionChosen: z.boolean().optional(),
  handoff: z.object({ reason: z.string().regex(/^[a-z-]+$/), urgency: z.enum(["urgent", "normal"]) }).optional(),
  /** The booking dialog's step after the turn (the funnel's furthest step). */
  bookingStep: z.string().regex(/^[a-z-]+$/).optional(),
  booking: z.enum(["booked", "moved", "cancelled"]).optional(),
});
export type TurnEvent = z.output<typeof turnEventSchema>;

/** A message the bot could not answer, masked, with the entries the matcher thought closest. */
export interface UnansweredQuestion {
  readonly text: string;
  readonly closest: readonly { readonly id: string; readonly score: number }[];
}

/** Everything the recorder is told about one turn, from the pipeline. */
export interface TurnRecord {
  readonly message: InboundMessage;
  readonly verdict: SafetyVerdict;
  readonly replies: readonly Reply[];
  /** The conversation's turn number (1 for its first message); undefined when unknown (crisis, channel rules). */
  readonly turnNumber?: number;
  readonly match?: MatchResult;
  readonly facts?: TurnFacts;
  /** The booking dialog's step after the turn. */
  readonly dialogStep?: string;
  /** The person picked a "did you mean" choice. */
  readonly pickedSuggestion?: boolean;
  /** The channel's rules answered (SMS STOP/HELP...), with the intent they named. */
  readonly ruleIntent?: string;
}

/** Salted, shortened hash of a conversation id: stable for counting, useless for finding the person. */
export function conversationHash(conversationId: string, salt: string): string {
  return createHash("sha256").update(salt).update("\0").update(conversationId).digest("base64url").slice(0, 22);
}

/** The last minute's clinic-local day and hour, per time zone (see {@link localDayAndHour}). */
const lastMinute = new Map<string, { readonly minute: number; readonly day: string; readonly hour: number }>();

/**
 * The clinic-local day and hour of an instant. Luxon's time-zone arithmetic (through Intl) cost
 * more than all the rest of describing a turn, and every turn of one minute has the same answer
 * (a zone's offset changes on the hour at the earliest).
 */
export function localDayAndHour(at: Date, timeZone: string): { readonly day: string; readonly hour: number } {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastMinute.get(timeZone);
  if (last?.minute === minute) return last;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const found = { minute, day: local.toISODate() ?? at.toISOString().slice(0, 10), hour: local.hour };
  lastMinute.set(timeZone, found);
  return found;
}

/** What an id, intent or step name may be in an event (never free text). */
const ID = /^[a-z0-9-]+$/;
const STEP = /^[a-z-]+$/;

/**
 * Builds the event of one turn: pure, no I/O. Every field is built from typed values or checked
 * here against the schema's patterns ({@link ID}, {@link STEP}), so the event is not parsed again
 * on the way out (it is on the way in: insights-store.ts), and tests/insights/turn-event.test.ts
 * checks what this returns against {@link turnEventSchema}.
 */
export function describeTurn(record: TurnRecord, options: { salt: string; timeZone: string }): TurnEvent {
  const { message, replies, verdict } = record;
  const local = localDayAndHour(message.receivedAt, options.timeZone);
  const faqIds = [...new Set(replies.filter((r) => r.kind === "answer" && r.faqId && ID.test(r.faqId)).map((r) => r.faqId!))].slice(0, 4);
  const intents = replies.map((r) => r.intent);
  const handoff = record.facts?.handoff ?? (verdict.kind === "crisis" ? { reason: "crisis" as const, urgency: "urgent" as const } : replies.some((r) => r.kind === "checkin") && verdict.kind === "risk" ? { reason: "possible-risk" as const, urgency: "normal" as const } : undefined);
  const outcome = outcomeOf(record, faqIds.length > 0, intents);
  const firstIntent = replies.find((r) => r.intent && r.intent !== "disclosure")?.intent;
  const intent = record.ruleIntent ?? (outcome === "intent" || outcome === "deflection" ? firstIntent : undefined);
  return {
    v: 1,
    at: message.receivedAt.toISOString(),
    day: local.day,
    hour: local.hour,
    channel: message.channel,
    conv: conversationHash(message.conversationId, options.salt),
    first: record.turnNumber === 1,
    outcome,
    faqIds,
    ...(intent && ID.test(intent) ? { intent } : {}),
    ...(record.pickedSuggestion ? { suggestionChosen: true } : {}),
    ...(handoff ? { handoff } : {}),
    ...(record.dialogStep && STEP.test(record.dialogStep) ? { bookingStep: record.dialogStep } : {}),
    ...(record.facts?.booking ? { booking: record.facts.booking } : {}),
  };
}

function outcomeOf(record: TurnRecord, answered: boolean, intents: readonly (string | undefined)[]): TurnOutcomeKind {
  const { verdict, replies } = record;
  if (verdict.kind === "crisis") return "crisis";
  if (record.ruleIntent !== undefined) return record.ruleIntent === "opt-out" ? "opt-out" : "keyword";
  if (replies.some((r) => r.kind === "checkin")) return "check-in";
  if (intents.includes("error")) return "error";
  if (record.facts?.handoff?.reason === "not-understood") return "second-miss";
  if (record.facts?.handoff) return "handoff";
  if (record.facts?.booking || record.dialogStep || replies.some((r) => r.intent === "booking")) return "booking";
  if (answered) return "answered";
  if (intents.includes("suggestions")) return "suggestions";
  if (intents.includes("fallback")) return "fallback";
  if (replies.some((r) => r.kind === "deflection")) return "deflection";
  if (replies.length === 0 || replies.every((r) => r.kind === "staff")) return "quiet";
  return "intent";
}

/** Whether a turn is an unanswered question (a miss or a second miss) worth an admin's look. */
export function isUnanswered(event: TurnEvent): boolean {
  return event.outcome === "fallback" || event.outcome === "suggestions" || event.outcome === "second-miss";
}
