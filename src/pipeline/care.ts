import type { Choice } from "../domain/message.js";
import type { ConversationState } from "../state/conversation-state.js";

/**
 * A conversation that had a crisis or a check-in stays careful: no booking invitations or
 * menus unless the person asks, goodbyes repeat 988, not-understood replies repeat the resources.
 */
export function inCare(state: Pick<ConversationState, "crisis" | "careSince">): boolean {
  return state.crisis || state.careSince !== undefined;
}

/** The payload of the "book a consult" choice (templates.ts): never pushed in a careful conversation. */
const BOOK_PAYLOAD = "book a consult";

/** The choices to offer: in a careful conversation, none that push booking. Undefined when none are left. */
export function carefulChoices(state: Pick<ConversationState, "crisis" | "careSince">, choices: readonly Choice[] | undefined): readonly Choice[] | undefined {
  if (!choices || !inCare(state)) return choices;
  const kept = choices.filter((c) => c.payload !== BOOK_PAYLOAD);
  return kept.length > 0 ? kept : undefined;
}
