import type { InboundMessage, Reply } from "../domain/message.js";
import type { SafetyVerdict } from "../safety/types.js";
import { newConversationState } from "../state/conversation-state.js";
import { compose } from "./compose.js";
import type { TurnContext, TurnServices } from "./context.js";
import { crisisReplies, recordCrisis, transcriptLines } from "./crisis.js";
import { normaliseMessage } from "./normalise.js";
import { replyFrom } from "./say.js";
import { lastChoicesOf, resolveChoice } from "./choices.js";
import { takeover } from "./steps/takeover.js";
import { guard } from "./steps/guard.js";
import { activeDialog } from "./steps/dialog.js";
import { understand } from "./steps/understand.js";
import { intents } from "./steps/intents.js";
import { answer } from "./steps/answer.js";
import { fallback } from "./steps/fallback.js";
import { withCrisisSignal } from "../llm/crisis-check.js";
import { withTimeLimit } from "../util/time-limit.js";

/** A turn slower than this answers "please try again" (Twilio gives up on a webhook after 15 s). */
const TURN_BUDGET_MS = 8000;

/** What a turn produced. `background` settles when the turn's side effects are saved (tests await it). */
export interface TurnResult {
  readonly replies: readonly Reply[];
  readonly verdict: SafetyVerdict["kind"];
  readonly background: Promise<void>;
}

/** Handles one inbound message from any channel. */
export type TurnHandler = (message: InboundMessage) => Promise<TurnResult>;

/** The ordered steps that run inside the conversation lock, after the safety screen. */
const steps = compose<TurnContext>([takeover, guard, activeDialog, understand, intents, answer, fallback]);

/**
 * The turn pipeline: normalise → safety screen → (crisis: reply at once) → lock and load →
 * takeover → medical/manipulation guard → active dialog → understand → intents → answer →
 * fallback → disclosure → save. It knows nothing of botkit, Twilio or HTTP.
 */
export function createTurnHandler(services: TurnServices): TurnHandler {
  return async (raw) => {
    const message = normaliseMessage(raw);
    const local = screen(services, message.text);
    // A local crisis never waits on the network; only a non-crisis verdict asks the optional second signal (bounded budget).
    const verdict =
      local.kind === "crisis" || !services.crisisSignal?.enabled
        ? local
        : await withCrisisSignal(services.crisisSignal, message.text, local, { conversationId: message.conversationId, logger: services.logger });

    if (verdict.kind === "crisis") {
      // Reply first; alerting staff and saving run behind it and cannot delay or break it.
      const replies = crisisReplies(services);
      const background = recordCrisis(services, message, replies, verdict.category);
      return { replies, verdict: verdict.kind, background };
    }

    try {
      const replies = await withTimeLimit(
        services.store.locks.withLock(message.conversationId, () => runLocked(services, message, verdict)),
        TURN_BUDGET_MS,
        "turn timed out",
      );
      return { replies, verdict: verdict.kind, background: Promise.resolve() };
    } catch (err) {
      services.logger.error({ err, conversationId: message.conversationId, channel: message.channel }, "turn failed");
      return { replies: [replyFrom("system", services.phrases.tryAgainLater, { intent: "error" })], verdict: verdict.kind, background: Promise.resolve() };
    }
  };
}

async function runLocked(services: TurnServices, message: InboundMessage, verdict: SafetyVerdict): Promise<Reply[]> {
  const { store, phrases } = services;
  const now = services.now();
  const loaded = (await store.conversations.load(message.conversationId)) ?? newConversationState(message.conversationId, message.channel, now);
  const state = { ...loaded, turns: loaded.turns + 1, updatedAt: now.toISOString() };
  const picked = resolveChoice(message.text, loaded.lastChoices);
  const inbound = picked === message.text ? message : { ...message, text: picked };
  const ctx: TurnContext = { inbound, services, verdict, state, replies: [], personLine: {} };

  if (message.text === "") {
    ctx.replies.push(replyFrom("system", message.mediaCount ? phrases.mediaOnly : phrases.emptyMessage, { intent: "empty" }));
  } else {
    await steps(ctx);
  }

  if (!ctx.state.disclosed && ctx.replies.length > 0) {
    ctx.replies.unshift(replyFrom("disclosure", phrases.disclosure, { intent: "disclosure" }));
    ctx.state.disclosed = true;
  }
  ctx.state.lastChoices = lastChoicesOf(ctx.replies);
  // Nothing is saved when a step throws: the person can simply send the message again.
  await store.conversations.save(ctx.state);
  await store.transcripts.append(message.conversationId, transcriptLines(message, ctx.replies, ctx.personLine, services.now()));
  return ctx.replies;
}

function screen(services: TurnServices, text: string): SafetyVerdict {
  try {
    return services.safety.screen(text);
  } catch (err) {
    // The screen is pure and should never throw; if it does, fail closed: crisis resources cost little, a miss costs a life.
    services.logger.error({ err }, "safety screen threw");
    return { kind: "crisis", category: "suicide", rule: "screen-error" };
  }
}
