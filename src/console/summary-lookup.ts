/** A machine-written summary of a conversation (OPENAI_SUMMARIES), shown above the transcript. */
export interface ConversationSummary {
  readonly text: string;
  /** When it was written (ISO-8601). */
  readonly at: string;
}

/** Where the console gets summaries; wired in app.ts to the OpenAI layer when summaries are on. */
export interface SummaryLookup {
  readonly enabled: boolean;
  forConversation(conversationId: string): Promise<ConversationSummary | null>;
}
