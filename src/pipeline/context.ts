import type { ChannelKind, InboundMessage, Reply } from "../domain/message.js";
import type { ClinicProfile } from "../clinic/profile.js";
import type { KnowledgeBase, Matcher, MatchResult } from "../knowledge/types.js";
import type { SafetyScreen, SafetyVerdict } from "../safety/types.js";
import type { Store } from "../state/store.js";
import type { ConversationState } from "../state/conversation-state.js";
import type { WriteSpool } from "../state/spooled-writes.js";
import type { Logger } from "../logging/logger.js";
import type { HandoffService } from "../handoff/handoff-service.js";
import type { Wording } from "../templates.js";
import type { LanguageGuesser } from "../nlu/language.js";
import type { LanguageSwitch } from "./language.js";
import type { Flow } from "./dialog.js";
import type { ChannelRules } from "./channel-rules.js";
import type { StateCache } from "./state-cache.js";
import type { IntentRouter } from "../llm/router.js";
import type { CrisisSignal } from "../llm/moderation.js";
import type { TurnRecorder } from "../insights/recorder.js";
import type { TurnFacts } from "../insights/turn-event.js";

/** The person's booked consult call, if any (for "when is my call?"). */
export interface CallLookup {
  find(message: InboundMessage): Promise<{ readonly start: string; readonly timeZone: string } | null>;
}

/** What a turn may use. Built once at start-up; steps never import concrete services. */
export interface TurnServices {
  readonly clinic: ClinicProfile;
  readonly store: Store;
  readonly kb: KnowledgeBase;
  readonly matcher: Matcher;
  readonly safety: SafetyScreen;
  /** Every fixed sentence, per language (wording/<language>.yaml); steps read their conversation's through `phrasesFor`. */
  readonly wording: Wording;
  /** Tells the conversation's language from its first messages, and reads "English" / "Español". */
  readonly languages: { readonly guesser: LanguageGuesser; readonly switch: LanguageSwitch };
  readonly handoffs: HandoffService;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Dialogs by the intent that starts them (book, reschedule, cancel). */
  readonly flows: ReadonlyMap<string, Flow>;
  /** Each channel's own rules (SMS opt-out law, web rate limits), run after the safety verdict. */
  readonly rules?: Partial<Readonly<Record<ChannelKind, ChannelRules>>>;
  /** Where crisis writes go when the store cannot take them. */
  readonly spool?: WriteSpool;
  /** The last saved state per conversation, for the safety screen when the store is slow. */
  readonly stateCache?: StateCache;
  /** Finds the person's booked call (the scheduler by phone on SMS, the booking ledger on the web). */
  readonly calls?: CallLookup;
  /** Optional OpenAI router: asked only when the offline matcher is not confident (src/llm/). */
  readonly router?: IntentRouter;
  /** Optional second crisis signal (OpenAI moderation), asked only when the local screen says not-crisis. */
  readonly crisisSignal?: CrisisSignal;
  /** Insights: told about every turn after its replies are decided; never delays or fails it (src/insights/). */
  readonly insights?: TurnRecorder;
}

/** One turn: the inbound message, the conversation's state, and the replies so far. */
export interface TurnContext {
  readonly inbound: InboundMessage;
  readonly services: TurnServices;
  /** Decided once, before anything else ran; every step honours it. */
  readonly verdict: SafetyVerdict;
  state: ConversationState;
  /** Set once the matcher ran (the answer step reads it). */
  match?: MatchResult;
  readonly replies: Reply[];
  /** Extra facts for the person's transcript line (detected intent, crisis flag). */
  readonly personLine: { intent?: string; faqId?: string; crisis?: boolean; risk?: boolean };
  /** What the turn did that its replies do not show (handoff reason, booking outcome), for insights. */
  facts?: TurnFacts;
}
