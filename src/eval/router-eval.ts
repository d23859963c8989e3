import { join } from "node:path";
import { parseConfig, type Config } from "../config.js";
import { loadClinicProfile, type ClinicProfile } from "../clinic/profile.js";
import { expectedIds, loadDevSet, type DevItem } from "./dev-set.js";
import type { EvalSection } from "./types.js";
import { loadKnowledgeBase, PROJECT_ROOT } from "../knowledge/load.js";
import { loadOfflineMatcher } from "../knowledge/understanding-model.js";
import type { KnowledgeBase, Matcher } from "../knowledge/types.js";
import { createLogger } from "../logging/logger.js";
import { MemoryKv } from "../state/memory/memory-kv.js";
import { TranscriptRepo } from "../state/transcripts.js";
import { createLlmLayer } from "../llm/llm-layer.js";
import type { IntentRouter, RouteOutcome } from "../llm/router.js";

/**
 * `npm run eval -- --llm` or `npm run eval:llm` (older npm passes `npm run eval --llm` as npm_config_llm): the
 * FAQ dev set with the router on. Each message goes to the offline matcher; only those it is
 * not confident about go to the model, exactly as in the turn pipeline. Reports accuracy with
 * and without the router and how many messages needed the model. Needs OPENAI_API_KEY; without
 * it the section is skipped (the bot never needs a key).
 */

/** True when the command line asked for the router evaluation. */
export function llmEvalRequested(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  return argv.includes("--llm") || env["npm_config_llm"] === "true";
}

/**
 * For `src/cli/eval.ts`: the router section when `--llm` was asked for, none otherwise. Without
 * a key it prints why it was skipped and adds no section, so the exit code stays the offline one.
 */
export async function llmEvalSections(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<EvalSection[]> {
  if (!llmEvalRequested(argv, env)) return [];
  const config = parseConfig(env);
  const kb = loadKnowledgeBase(PROJECT_ROOT);
  const content = { kb, matcher: loadOfflineMatcher(kb), clinic: loadClinicProfile(join(PROJECT_ROOT, config.CLINIC_PROFILE)) };
  const result = await runRouterEval({ config, content, root: PROJECT_ROOT });
  if (result.kind === "skipped") {
    console.log(`\n== FAQ dev set with the OpenAI router (skipped)\n${result.reason}`);
    return [];
  }
  return [result.section];
}

export type RouterEvalResult = { readonly kind: "skipped"; readonly reason: string } | { readonly kind: "ran"; readonly section: EvalSection };

export interface RouterEvalInput {
  readonly config: Config;
  readonly content: { readonly kb: KnowledgeBase; readonly matcher: Matcher; readonly clinic: ClinicProfile };
  /** The project root (where `eval/faq-dev.yaml` lives). */
  readonly root: string;
  /** Tests: a router instead of the one built from the configuration. */
  readonly router?: IntentRouter;
  /** Calls in flight at once (the API allows many; the default stays polite). */
  readonly concurrency?: number;
}

interface Scored {
  readonly item: DevItem;
  readonly offline: string;
  readonly withRouter: string;
  readonly asked: boolean;
  readonly outcome?: RouteOutcome;
}

/** Runs the dev set through matcher and router. Skipped without a key (unless a router is given). */
export async function runRouterEval(input: RouterEvalInput): Promise<RouterEvalResult> {
  const { config, content } = input;
  if (!input.router && !config.OPENAI_API_KEY) return { kind: "skipped", reason: "OPENAI_API_KEY is not set, so the router was not evaluated (the bot runs fully without it)." };
  const kv = new MemoryKv();
  const layer = createLlmLayer(
    { ...config, OPENAI_ROUTER: true, OPENAI_MODERATION: false, OPENAI_SUMMARIES: false },
    { kv, transcripts: new TranscriptRepo(kv, 60_000), retentionMs: 60_000, kb: content.kb, clinic: content.clinic, logger: createLogger("silent") },
  );
  const router = input.router ?? layer.router;
  const items = loadDevSet(join(input.root, "eval", "faq-dev.yaml"));

  const scored: Scored[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      const offline = content.matcher.match(item.text, item.context ? { lastFaqId: item.context } : {});
      const offlineId = offline.matches[0]?.id ?? "none";
      if (offline.matches.length > 0) {
        scored[index] = { item, offline: offlineId, withRouter: offlineId, asked: false };
        continue;
      }
      const outcome = await router.route({ text: item.text, ...(item.context ? { lastFaqId: item.context } : {}) });
      scored[index] = { item, offline: offlineId, withRouter: outcome.kind === "routed" ? outcome.match.id : "none", asked: true, outcome };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 4) }, worker));
  return { kind: "ran", section: summarise(scored, layer.meter.snapshot().sinceStart.router.total, config.OPENAI_MODEL) };
}

function summarise(scored: readonly Scored[], tokens: number, model: string): EvalSection {
  const expected = (s: Scored) => expectedIds(s.item)[0] ?? "none";
  const offlineRight = scored.filter((s) => s.offline === expected(s)).length;
  const routerRight = scored.filter((s) => s.withRouter === expected(s)).length;
  const asked = scored.filter((s) => s.asked);
  const fixed = asked.filter((s) => s.withRouter === expected(s) && s.offline !== expected(s)).length;
  const broken = asked.filter((s) => s.withRouter !== expected(s) && s.offline === expected(s)).length;
  const unavailable = asked.filter((s) => s.outcome?.kind === "unavailable").length;
  const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
  const rows = asked.map((s) => ({
    text: s.item.text.length > 60 ? `${s.item.text.slice(0, 57)}...` : s.item.text,
    expected: expected(s),
    model: s.withRouter,
    outcome: s.outcome?.kind === "routed" ? "routed" : `${s.outcome?.kind}: ${s.outcome && "reason" in s.outcome ? s.outcome.reason : ""}`,
    right: s.withRouter === expected(s) ? "yes" : "no",
  }));
  return {
    title: `FAQ dev set with the OpenAI router (${model})`,
    rows,
    summary: {
      messages: scored.length,
      "top-1 accuracy, offline only": pct(offlineRight, scored.length),
      "top-1 accuracy, with the router": pct(routerRight, scored.length),
      "needed the model": `${asked.length} (${pct(asked.length, scored.length)})`,
      "fixed by the model": fixed,
      "made wrong by the model": broken,
      "model unavailable": unavailable,
      "tokens used": tokens,
    },
    // The router may only help: it answers just what the matcher left unanswered, so it must not lower accuracy.
    passed: routerRight >= offlineRight && (asked.length === 0 || unavailable < asked.length / 2),
  };
}
