import type { ConversationState } from "../state/conversation-state.js";

/** Person messages older than this are not screened with the next one. */
export const WINDOW_MS = 15 * 60_000;
/** How many earlier messages are screened with the next one. */
export const WINDOW_SIZE = 3;

/** The person's recent messages (oldest first) that the next message is screened with. */
export function recentTexts(state: Pick<ConversationState, "recent"> | null | undefined, now: Date): string[] {
  return (state?.recent ?? []).filter((r) => now.getTime() - Date.parse(r.at) <= WINDOW_MS).map((r) => r.text);
}

/** The window after this message: kept short and recent. */
export function withRecent(state: Pick<ConversationState, "recent"> | null | undefined, text: string, at: Date): NonNullable<ConversationState["recent"]> {
  const kept = (state?.recent ?? []).filter((r) => at.getTime() - Date.parse(r.at) <= WINDOW_MS);
  return [...kept, { text, at: at.toISOString() }].slice(-WINDOW_SIZE);
}
