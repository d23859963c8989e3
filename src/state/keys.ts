/**
 * Every key the bot writes, in one place. Keys of one conversation share the hash tag
 * `{conversationId}` so scripts touching several of them work on Redis Cluster.
 */
export const keys = {
  conversationState: (conversationId: string) => `conv:{${conversationId}}:state`,
  transcript: (conversationId: string) => `conv:{${conversationId}}:transcript`,
  lock: (conversationId: string) => `conv:{${conversationId}}:lock`,
  openHandoff: (conversationId: string) => `conv:{${conversationId}}:handoff`,
  idempotency: (scope: string, id: string) => `idem:{${scope}:${id}}`,
  handoff: (handoffId: string) => `handoff:{${handoffId}}`,
  handoffIndex: () => "handoffs:index",
  botkitState: (key: string) => `botkit:{${key}}`,
} as const;
