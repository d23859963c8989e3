import type { InboundMessage, Reply } from "../domain/message.js";
import type { TranscriptEntry } from "../domain/transcript.js";
import type { SafetyVerdict } from "../safety/types.js";
import type { ConversationState } from "../state/conversation-state.js";
import type { RaisedHandoff } from "../handoff/handoff-service.js";
import type { TurnServices } from "./context.js";
import { newConversationState } from "../state/conversation-state.js";
import { nextOpening } from "../clinic/hours.js";
import { phrasesIn, replyFrom } from "./say.js";
import type { Language } from "../templates.js";
import { withTimeLimit } from "../util/time-limit.js";
import { withRecent } from "./window.js";

/**
 * How long the crisis reply waits for the staff alert's outcome, so that it says "I've alerted
 * a member of our staff" only when an alert went out. Alerts do not wait on the store (see
 * HandoffService.raise), so this is the time of a Twilio or webhook call at most.
 */
export const ALERT_WAIT_MS = 1500;
/** Saving a crisis turn gives up after this long and spools instead; the reply never waits for it. */
const PERSIST_BUDGET_MS = 3000;

type CrisisVerdict = Extract<SafetyVerdict, { kind: "crisis" }>;

/** What a crisis turn produced: the replies at once, the saving behind them. */
export interface CrisisOutcome {
  readonly replies: Reply[];
  readonly background: Promise<void>;
}

/**
 * The crisis turn. It runs before any dialog, keyword or rate limit and touches the store
 * only behind the reply: the urgent handoff is named locally and staff are alerted without
 * waiting on the store; the reply says staff were alerted only when an alert went out. The
 * conversation is flagged (careful replies from now on) and the exchange kept in the
 * transcript, through the local spool when the store is down or slow.
 *
 * @param known what the pipeline could read of the conversation before the screen (may be null)
 */
export async function crisisTurn(services: TurnServices, message: InboundMessage, verdict: CrisisVerdict, known: ConversationState | null): Promise<CrisisOutcome> {
  const { logger } = services;
  logger.error({ alert: "crisis", category: verdict.category, rule: verdict.rule, conversationId: message.conversationId, channel: message.channel }, "crisis message detected");
  const raising = services.handoffs.raise({ conversationId: message.conversationId, channel: message.channel, reason: "crisis" }, "urgent");
  const raised = await withTimeLimit(raising, ALERT_WAIT_MS).catch(() => null);

  // A Spanish crisis message, or any crisis in a Spanish conversation, is answered in Spanish.
  const language: Language = verdict.language === "es" || known?.language === "es" ? "es" : "en";
  const phrases = phrasesIn(services, language);
  const replies: Reply[] = [replyFrom("crisis", phrases.crisis, { intent: "crisis" }), replyFrom("crisis", alertLine(services, raised, language), { intent: "crisis-alert" })];
  // The disclosure never goes before crisis resources; a conversation that starts in crisis gets it after them.
  if (!known?.disclosed) replies.push(replyFrom("disclosure", phrases.disclosure, { intent: "disclosure" }));

  const background = raising
    .then((r) => persistCrisis(services, message, replies, r, known, language))
    .then(() => services.rules?.[message.channel]?.afterCrisis?.(message))
    .catch((err: unknown) => logger.error({ err, conversationId: message.conversationId }, "crisis turn: saving failed"));
  return { replies, background };
}

/** The sentence about staff, true to what the alert did. */
function alertLine(services: TurnServices, raised: RaisedHandoff | null, language: Language) {
  const phrases = phrasesIn(services, language);
  if (raised === null) return phrases.crisisAlerting;
  if (raised.alert === "suppressed" && services.handoffs.alertsConfigured) return phrases.crisisAlertedEarlier;
  if (raised.alert !== "suppressed" && raised.alert.sent.length > 0) return phrases.crisisAlerted;
  return phrases.crisisNotAlerted(nextOpening(services.clinic, services.now(), language));
}

/** Flags the conversation and keeps the exchange; what the store cannot take goes to the spool. */
async function persistCrisis(services: TurnServices, message: InboundMessage, replies: readonly Reply[], raised: RaisedHandoff, known: ConversationState | null, language: Language): Promise<void> {
  const { store, spool, logger } = services;
  const now = services.now();
  const lines = transcriptLines(message, replies, { crisis: true, intent: "crisis" }, now);
  const handoffId = raised.handoff.id;
  const save = store.locks.withLock(
    message.conversationId,
    async () => {
      const state = (await store.conversations.load(message.conversationId)) ?? known ?? newConversationState(message.conversationId, message.channel, now);
      const next: ConversationState = {
        ...state,
        turns: state.turns + 1,
        crisis: true,
        careSince: now.toISOString(),
        disclosed: true,
        askedIfSafe: false,
        dialog: null,
        offer: undefined,
        lastChoices: undefined,
        // The window keeps the message just answered: what follows is read with it (a screen told
        // `afterCrisis` answers a window-only reading with the check-in, not a second crisis reply).
        recent: withRecent(state, message.text, message.receivedAt),
        handoffId,
        updatedAt: now.toISOString(),
        // The crisis reply was in this language: later replies stay in it, unless the person chose another.
        language: state.languageChosen ? state.language : language,
      };
      await store.conversations.save(next);
      services.stateCache?.set(next);
      await store.transcripts.append(message.conversationId, lines);
    },
    { waitMs: 2000 },
  );
  try {
    await withTimeLimit(save, PERSIST_BUDGET_MS, "crisis turn save timed out");
  } catch (err) {
    logger.error({ err, conversationId: message.conversationId }, "crisis turn not saved in time: spooled");
    void save.catch(() => undefined);
    const base = known ?? newConversationState(message.conversationId, message.channel, now);
    services.stateCache?.set({ ...base, crisis: true, disclosed: true, careSince: now.toISOString(), recent: withRecent(base, message.text, message.receivedAt), handoffId, updatedAt: now.toISOString() });
    await spool?.add({ kind: "transcript", conversationId: message.conversationId, lines });
    await spool?.add({ kind: "crisis-flag", conversationId: message.conversationId, channel: message.channel, handoffId, at: now.toISOString() });
  }
}

/** The person's line and the bot's lines of one turn, as transcript entries. */
export function transcriptLines(
  message: InboundMessage,
  replies: readonly Reply[],
  personExtras: { intent?: string; faqId?: string; crisis?: boolean; risk?: boolean },
  at: Date = new Date(),
): TranscriptEntry[] {
  const { risk, ...extras } = personExtras;
  const person: TranscriptEntry = {
    at: message.receivedAt.toISOString(),
    from: "person",
    channel: message.channel,
    text: message.mediaCount ? `${message.text} [${message.mediaCount} attachment(s)]`.trim() : message.text,
    ...extras,
    ...(risk ? { risk: true } : {}),
  };
  const bot = replies.map(
    (r): TranscriptEntry => ({
      at: at.toISOString(),
      from: "bot",
      channel: message.channel,
      text: message.channel === "sms" ? (r.smsText ?? r.text) : r.text,
      kind: r.kind,
      ...(r.intent ? { intent: r.intent } : {}),
      ...(r.faqId ? { faqId: r.faqId } : {}),
    }),
  );
  return [person, ...bot];
}
