import { findNames } from "../llm/pii-scrub.js";
import type { ConversationState } from "../state/conversation-state.js";

/** At most this many names are remembered per conversation (the newest win). */
const MAX_NAMES = 8;

/**
 * Adds the names this message introduces, and the booking dialog's name, to the conversation
 * state, so nothing later sent to OpenAI carries them (see `ScrubOptions.names`).
 */
export function rememberNames(state: ConversationState, text: string): void {
  const fresh = findNames(text);
  const booked = state.dialog?.data["name"];
  if (typeof booked === "string" && booked.trim().length > 1) fresh.push(booked.trim());
  if (fresh.length === 0) return;
  const all = [...(state.names ?? [])];
  for (const name of fresh) {
    const clipped = name.slice(0, 80);
    if (!all.some((n) => n.toLowerCase() === clipped.toLowerCase())) all.push(clipped);
  }
  state.names = all.slice(-MAX_NAMES);
}
