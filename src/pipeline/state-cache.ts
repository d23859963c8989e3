import type { ConversationState } from "../state/conversation-state.js";

/**
 * The last state this process saved for each recent conversation, so the safety screen can
 * read the conversation's recent messages without waiting on a slow store. Bounded: the
 * oldest conversation is forgotten first. (With several processes the store is the source;
 * this only fills in while it is slow or down.)
 */
export class StateCache {
  private readonly states = new Map<string, ConversationState>();

  constructor(private readonly capacity = 5000) {}

  get(conversationId: string): ConversationState | undefined {
    return this.states.get(conversationId);
  }

  set(state: ConversationState): void {
    this.states.delete(state.id);
    this.states.set(state.id, state);
    if (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value!);
  }
}
