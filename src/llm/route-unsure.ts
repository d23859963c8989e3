import type { MatchResult } from "../knowledge/types.js";
import type { IntentRouter, RouteRequest } from "./router.js";

/** Messages with fewer letters than this carry too little to route ("?", "ok", "2"). */
const MIN_LETTERS = 3;

/**
 * When the offline matcher found nothing confident, asks the router. A routed id becomes the
 * one confident match; anything else (none, an unknown id, invalid output, slow, down, off)
 * leaves the offline result as it was, so the fallback runs as before.
 */
export async function routeUnsure(router: IntentRouter | undefined, offline: MatchResult, request: RouteRequest): Promise<MatchResult> {
  if (!router?.enabled || offline.matches.length > 0) return offline;
  if ((request.text.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS) return offline;
  // The router never rejects by contract; a bug in one must still leave the offline answer.
  const outcome = await router.route(request).catch(() => null);
  if (outcome?.kind !== "routed") return offline;
  return { verdict: "answer", matches: [outcome.match], best: outcome.match };
}
