import type { SafetyVerdict } from "../safety/types.js";
import type { Logger } from "../logging/logger.js";
import { MODERATION_BUDGET_MS, type CrisisSignal } from "./moderation.js";

/** Extra time allowed over the signal's own budget before this check stops waiting regardless. */
const GRACE_MS = 250;

/**
 * Asks the second crisis signal about a message the local screen did not flag. A flag turns
 * the verdict into a crisis; anything else (clear, slow, down, a bug) leaves the local verdict
 * as it was. Never throws and never waits longer than the signal's budget plus a little.
 */
export async function withCrisisSignal(
  signal: CrisisSignal | undefined,
  text: string,
  local: SafetyVerdict,
  context: { readonly conversationId: string; readonly logger: Logger; readonly budgetMs?: number; readonly names?: readonly string[] },
): Promise<SafetyVerdict> {
  // A message without a single letter ("2", "?") is a menu pick or noise: nothing to moderate, no latency to add.
  if (!signal?.enabled || local.kind === "crisis" || !/\p{L}/u.test(text)) return local;
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), (context.budgetMs ?? MODERATION_BUDGET_MS) + GRACE_MS);
  });
  try {
    const outcome = await Promise.race([signal.check(text, { conversationId: context.conversationId, ...(context.names ? { names: context.names } : {}) }), cap]);
    if (outcome?.kind !== "crisis") return local;
    context.logger.warn({ signal: "moderation", categories: outcome.categories, conversationId: context.conversationId }, "second crisis signal flagged a message the local screen passed");
    return { kind: "crisis", category: "self-harm", rule: `openai-moderation:${outcome.categories.join(",")}`, language: "en" };
  } catch (err) {
    context.logger.error({ err, conversationId: context.conversationId }, "crisis signal threw; local verdict stands");
    return local;
  } finally {
    clearTimeout(timer);
  }
}
