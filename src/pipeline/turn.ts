import type { InboundMessage, Reply } from "../domain/message.js";
import type { SafetyVerdict } from "../safety/types.js";
import type { ConversationState } from "../state/conversation-state.js";
import { newConversationState } from "../state/conversation-state.js";
import { compose } from "./compose.js";
import type { TurnContext, TurnServices } from "./context.js";
import { crisisTurn, transcriptLines } from "./crisis.js";
import { normaliseMessage } from "./normalise.js";
import { phrasesFor, phrasesIn, replyFrom } from "./say.js";
import { lastChoicesOf, resolveChoice } from "./choices.js";
import { recentTexts, withRecent } from "./window.js";
import { takeover } from "./steps/takeover.js";
import { checkIn } from "./steps/check-in.js";
import { waitingContact } from "./steps/waiting-contact.js";
import { switchLanguage } from "./steps/switch-language.js";
import { detectLanguage } from "./language.js";
import { guard } from "./steps/guard.js";
import { activeDialog } from "./steps/dialog.js";
import { understand } from "./steps/understand.js";
import { intents } from "./steps/intents.js";
import { answer } from "./steps/answer.js";
import { fallback } from "./steps/fallback.js";
import { withCrisisSignal } from "../llm/crisis-check.js";
import { withTimeLimit } from "../util/time-limit.js";
import type { TurnRecord } from "../insights/turn-event.js";
import { rememberNames } from "./known-names.js";

/** A turn slower than this answers "please try again" (Twilio gives up on a webhook after 15 s). */
const TURN_BUDGET_MS = 8000;
/**
 * How long the screen waits to read the conversation's recent messages (risk spread over two
 * messages). Past it, the process's own copy is used, or the message is screened alone.
 */
const RECENT_READ_BUDGET_MS = 150;

/** How a turn ended, for the channel to render. */
export type TurnOutcome =
  /** Replies to send (possibly none: STOP gets no reply, a claimed conversation stays quiet). */
  | { readonly kind: "answered" }
  /** A channel rule refused the message (web rate limits): the channel says why (HTTP 429). */
  | { readonly kind: "refused"; readonly reason: string; readonly retryAfterSeconds: number };

/** What a turn produced. `background` settles when the turn's side effects are saved (tests await it). */
export interface TurnResult {
  readonly replies: readonly Reply[];
  readonly verdict: SafetyVerdict;
  readonly outcome: TurnOutcome;
  readonly background: Promise<void>;
}

/** The one port every channel calls: one inbound message in, its result out. */
export type TurnHandler = (message: InboundMessage) => Promise<TurnResult>;

/** The ordered steps that run inside the conversation lock, after the safety verdict and the channel's rules. */
const steps = compose<TurnContext>([takeover, checkIn, switchLanguage, waitingContact, guard, activeDialog, understand, intents, answer, fallback]);

const ANSWERED: TurnOutcome = { kind: "answered" };
const DONE = Promise.resolve();

/**
 * The turn pipeline, the same for every channel:
 * normalise → safety verdict (once, first) → crisis: the crisis turn, nothing else →
 * the channel's rules (SMS keywords, web rate limits) → lock and load → takeover → check-in
 * (possible risk) → medical/manipulation guard → active dialog → understand → intents →
 * answer → fallback → disclosure → save. It knows nothing of botkit, Twilio or HTTP.
 */
export function createTurnHandler(services: TurnServices): TurnHandler {
  return async (raw) => {
    const message = normaliseMessage(raw);
    const known = await readKnownState(services, message.conversationId);
    const verdict = await decideSafety(services, message, known);

    if (verdict.kind === "crisis") {
      const { replies, background } = await crisisTurn(services, message, verdict, known);
      noteTurn(services, { message, verdict, replies });
      return { replies, verdict, outcome: ANSWERED, background };
    }

    const rules = services.rules?.[message.channel];
    if (rules) {
      const ruled = await rules.admit(message, verdict);
      if (ruled.kind === "refused") return { replies: [], verdict, outcome: { kind: "refused", reason: ruled.reason, retryAfterSeconds: ruled.retryAfterSeconds }, background: DONE };
      if (ruled.kind === "answered") {
        const background = keepExchange(services, message, ruled.replies, ruled.intent);
        noteTurn(services, { message, verdict, replies: ruled.replies, ruleIntent: ruled.intent });
        return { replies: ruled.replies, verdict, outcome: ANSWERED, background };
      }
    }

    try {
      const replies = await withTimeLimit(
        services.store.locks.withLockAndRead(
          message.conversationId,
          () => services.store.conversations.load(message.conversationId),
          (loaded) => runLocked(services, message, verdict, loaded),
        ),
        TURN_BUDGET_MS,
        "turn timed out",
      );
      return { replies, verdict, outcome: ANSWERED, background: DONE };
    } catch (err) {
      services.logger.error({ err, conversationId: message.conversationId, channel: message.channel }, "turn failed");
      // A possible-risk message is never answered with a bare apology: the check-in's resources come with it.
      const phrases = phrasesIn(services, verdict.kind === "risk" && verdict.language === "es" ? "es" : known?.language);
      const replies = [replyFrom("system", phrases.tryAgainLater, { intent: "error" })];
      if (verdict.kind === "risk") replies.unshift(replyFrom("checkin", phrases.checkIn, { intent: "check-in" }));
      noteTurn(services, { message, verdict, replies });
      return { replies, verdict, outcome: ANSWERED, background: DONE };
    }
  };
}

/** The conversation as the store (or, when it is slow, this process) last saw it; null when unknown. */
async function readKnownState(services: TurnServices, conversationId: string): Promise<ConversationState | null> {
  try {
    return await withTimeLimit(services.store.conversations.load(conversationId), RECENT_READ_BUDGET_MS, "recent messages read timed out");
  } catch {
    return services.stateCache?.get(conversationId) ?? null;
  }
}

/** The safety verdict: the local screen once, then the optional second signal only if the screen saw no crisis. */
async function decideSafety(services: TurnServices, message: InboundMessage, known: ConversationState | null): Promise<SafetyVerdict> {
  const local = screenOnce(services, message.text, known);
  if (local.kind === "crisis" || !services.crisisSignal?.enabled) return local;
  // The optional OpenAI moderation may only add a crisis flag, within its budget.
  return withCrisisSignal(services.crisisSignal, message.text, local, { conversationId: message.conversationId, logger: services.logger, ...(known?.names ? { names: known.names } : {}) });
}

function screenOnce(services: TurnServices, text: string, known: ConversationState | null): SafetyVerdict {
  try {
    // A button the bot offered carries a machine value ("existing:keep"); the person chose the words on
    // the button, so those are what is screened. Anything typed is screened as typed.
    const pressed = known?.lastChoices?.find((c) => c.payload === text && c.payload !== c.title);
    return services.safety.screen(pressed ? pressed.title : text, {
      recent: recentTexts(known, services.now()),
      askedIfSafe: known?.askedIfSafe === true,
      afterCrisis: known?.crisis === true,
    });
  } catch (err) {
    // The screen is pure and should never throw; if it does, fail closed: crisis resources cost little, a miss costs a life.
    services.logger.error({ err }, "safety screen threw");
    return { kind: "crisis", category: "suicide", rule: "screen-error", language: "en" };
  }
}

/** The turn under the conversation lock; `stored` is the conversation as the store holds it, read under the lock. */
async function runLocked(services: TurnServices, message: InboundMessage, verdict: SafetyVerdict, stored: ConversationState | null): Promise<Reply[]> {
  const { store } = services;
  const now = services.now();
  const loaded = stored ?? newConversationState(message.conversationId, message.channel, now);
  // The message that prompted a check-in is read with the answer to it, and no further.
  const before = loaded.askedIfSafe ? { recent: [] } : loaded;
  const state: ConversationState = { ...loaded, turns: loaded.turns + 1, updatedAt: now.toISOString(), recent: withRecent(before, message.text, message.receivedAt) };
  // The conversation's language: from its first messages (or a clear change later), unless the person chose one.
  const language = detectLanguage(state, message.text, services.languages.guesser, message.languageHint);
  if (language) state.language = language;
  const picked = resolveChoice(message.text, loaded.lastChoices);
  const inbound = picked === message.text ? message : { ...message, text: picked };
  const ctx: TurnContext = { inbound, services, verdict, state, replies: [], personLine: {} };

  if (message.text === "") {
    const phrases = phrasesFor(ctx);
    ctx.replies.push(replyFrom("system", message.mediaCount ? phrases.mediaOnly : phrases.emptyMessage, { intent: "empty" }));
  } else {
    await steps(ctx);
  }

  // The disclosure comes first, except before safety resources, which it follows.
  if (!ctx.state.disclosed && ctx.replies.length > 0) {
    const at = ctx.replies[0]?.kind === "checkin" ? 1 : 0;
    ctx.replies.splice(at, 0, replyFrom("disclosure", phrasesFor(ctx).disclosure, { intent: "disclosure" }));
    ctx.state.disclosed = true;
  }
  if (ctx.replies.length > 0) ctx.state.askedIfSafe = ctx.replies.some((r) => r.kind === "checkin");
  ctx.state.lastChoices = lastChoicesOf(ctx.replies);
  rememberNames(ctx.state, message.text);
  // Nothing is saved when a step throws: the person can simply send the message again.
  // Sent together (one round trip on Redis): both happen under the conversation lock.
  await Promise.all([store.conversations.save(ctx.state), store.transcripts.append(message.conversationId, transcriptLines(message, ctx.replies, ctx.personLine, services.now()))]);
  services.stateCache?.set(ctx.state);
  noteTurn(services, { message, verdict, replies: ctx.replies, turnNumber: ctx.state.turns, ...(ctx.match ? { match: ctx.match } : {}), ...(ctx.facts ? { facts: ctx.facts } : {}), ...(ctx.state.dialog ? { dialogStep: ctx.state.dialog.step } : {}), pickedSuggestion: loaded.suggested?.includes(inbound.text.trim()) === true });
  return ctx.replies;
}

/** Tells insights about the turn; recording is in the background and can never fail the turn. */
function noteTurn(services: TurnServices, record: TurnRecord): void {
  try {
    services.insights?.record(record);
  } catch (err) {
    services.logger.warn({ err }, "insights: turn not recorded");
  }
}

/** Keeps an exchange the channel's rules answered (SMS HELP, STOP) in the transcript; never fails the reply. */
function keepExchange(services: TurnServices, message: InboundMessage, replies: readonly Reply[], intent: string): Promise<void> {
  return services.store.transcripts
    .append(message.conversationId, transcriptLines(message, replies, { intent }, services.now()))
    .catch((err: unknown) => services.logger.error({ err, conversationId: message.conversationId }, "channel-rule exchange not written to the transcript"));
}
