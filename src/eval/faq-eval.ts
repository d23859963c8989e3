import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PROJECT_ROOT, loadKnowledgeBase } from "../knowledge/load.js";
import { loadOfflineMatcher } from "../knowledge/understanding-model.js";
import { questionKey } from "../knowledge/question-key.js";
import type { KnowledgeBase, Matcher } from "../knowledge/types.js";
import type { InboundMessage, Reply } from "../domain/message.js";
import { expectedIds, loadDevSet, type DevItem } from "./dev-set.js";
import type { EvalSection } from "./types.js";

/** Goals from issue 3. */
export const GOALS = { top1: 0.97, fallback: 0.95, medianMs: 1 } as const;

/** What the matcher did with one labelled message. */
interface Outcome {
  readonly item: DevItem;
  readonly expected: readonly string[];
  readonly got: readonly string[];
  readonly correct: boolean;
  /** Wall-clock time of the match call. */
  readonly ms: number;
  /** CPU time of the match call: unlike wall-clock time, not inflated when other processes share the CPU. */
  readonly cpuMs: number;
}

/**
 * `npm run eval`, FAQ part: runs the labelled dev set and the held-out set through the matcher
 * (exactly as the pipeline's understand step calls it: `match(text, { lastFaqId })`) and checks
 * that no labelled message is a copy of a phrasing in faq/ or intents/.
 *
 * The dev set then goes through the whole turn pipeline too (`createCore`, offline, in-memory
 * store), scoring which curated answer the person actually gets. The pipeline's safety screen
 * and medical-advice guard deflect some questions by design ("do i need to stop my
 * antidepressant"); those are counted apart, not as errors.
 */
export async function runFaqEval(root: string = PROJECT_ROOT): Promise<EvalSection[]> {
  const kb = loadKnowledgeBase(root);
  const matcher = loadOfflineMatcher(kb);
  const dev = loadDevSet(join(root, "eval/faq-dev.yaml"));
  const holdout = loadDevSet(join(root, "eval/faq-holdout.yaml"));
  return [
    accuracySection("FAQ matcher: dev set (eval/faq-dev.yaml)", run(matcher, dev), true),
    accuracySection("FAQ matcher: held-out set (eval/faq-holdout.yaml, never used for tuning)", run(matcher, holdout), false),
    await pipelineSection(kb, dev),
    hygieneSection(kb, { "eval/faq-dev.yaml": dev, "eval/faq-holdout.yaml": holdout }),
  ];
}

type Turn = (message: InboundMessage) => Promise<{ readonly replies: readonly Reply[]; readonly verdict: { kind: string }; readonly background: Promise<void> }>;

/** The offline turn pipeline, or why it cannot be built yet (it is being written alongside this module). */
async function offlinePipeline(): Promise<Turn | string> {
  try {
    const { parseConfig } = await import("../config.js");
    const { loadContent } = await import("../content.js");
    const { createCore } = await import("../app.js");
    const config = parseConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
    const core = await createCore(config, loadContent({ CLINIC_PROFILE: "clinic/clinic.yaml" }));
    return core.turn as Turn;
  } catch (error) {
    return (error as Error).message.split("\n")[0] ?? "unknown error";
  }
}

/** FAQ answers and fallbacks as the person gets them: each dev message in a fresh web conversation. */
async function pipelineSection(kb: KnowledgeBase, items: readonly DevItem[]): Promise<EvalSection> {
  const title = "FAQ through the turn pipeline: dev set (answers the person gets)";
  const turn = await offlinePipeline();
  if (typeof turn === "string") {
    return { title, rows: [], summary: { status: `not run: the offline pipeline cannot be built yet (${turn})` }, passed: true };
  }
  let n = 0;
  const say = async (conversationId: string, text: string) => {
    const message: InboundMessage = { id: `eval-${n++}`, conversationId, channel: "web", senderId: conversationId, text, receivedAt: new Date() };
    const result = await turn(message);
    await result.background;
    return result;
  };
  const scored = items.filter((i) => expectedIds(i).every((id) => id === "none" || kb.faq.has(id)));
  const rows: { expected: string; got: string; verdict: string; text: string }[] = [];
  let correct = 0;
  let inScope = 0;
  let guarded = 0;
  let fallbackOk = 0;
  let outOfScope = 0;
  const times: number[] = [];
  for (const [i, item] of scored.entries()) {
    const conversation = `eval:faq:${i}`;
    const first = item.context ? kb.faq.get(item.context)?.questions[0] : undefined;
    if (first) await say(conversation, first);
    const start = performance.now();
    const result = await say(conversation, item.text);
    times.push(performance.now() - start);
    const expected = expectedIds(item);
    const answered = result.replies.flatMap((r) => (r.faqId ? [r.faqId] : []));
    if (expected[0] === "none") {
      outOfScope += 1;
      if (answered.length === 0) fallbackOk += 1;
      else rows.push({ expected: "none", got: answered.join("+"), verdict: result.verdict.kind, text: item.text });
    } else if (result.verdict.kind !== "ok") {
      guarded += 1;
    } else {
      inScope += 1;
      if (answered.join(",") === expected.join(",")) correct += 1;
      else rows.push({ expected: expected.join("+"), got: answered.join("+") || `(${result.replies[0]?.kind ?? "no reply"})`, verdict: result.verdict.kind, text: item.text });
    }
  }
  times.sort((a, b) => a - b);
  return {
    title,
    rows,
    summary: {
      "FAQ messages answered by the pipeline": inScope,
      "right curated answer": pct(inScope === 0 ? 1 : correct / inScope),
      "deflected by the safety screen or guard (by design, not scored)": guarded,
      "out-of-scope messages": outOfScope,
      "no FAQ answer given (correct fallback)": pct(outOfScope === 0 ? 1 : fallbackOk / outOfScope),
      "median ms/turn": quantile(times, 0.5).toFixed(3),
      "p99 ms/turn": quantile(times, 0.99).toFixed(3),
      note: "intent messages are scored by the matcher sections; here only FAQ answers and fallbacks",
    },
    // The matcher sections carry the goals; this one shows what the pipeline adds or takes away.
    passed: true,
  };
}

function run(matcher: Matcher, items: readonly DevItem[]): Outcome[] {
  const ask = (item: DevItem) => matcher.match(item.text, item.context ? { lastFaqId: item.context } : {});
  for (const item of items) ask(item); // warm caches and JIT before timing
  return items.map((item) => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = ask(item);
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const expected = expectedIds(item);
    const got = result.matches.map((m) => m.id);
    const correct = expected[0] === "none" ? got.length === 0 : expected.join(",") === got.join(",");
    return { item, expected, got, correct, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  });
}

function accuracySection(title: string, outcomes: readonly Outcome[], gated: boolean): EvalSection {
  const byTopic = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key = o.expected.length > 1 ? "(two questions)" : o.item.context ? "(follow-ups)" : o.expected[0]!;
    byTopic.set(key, [...(byTopic.get(key) ?? []), o]);
  }
  const rows = [...byTopic.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([topic, list]) => ({
      expected: topic,
      messages: list.length,
      correct: list.filter((o) => o.correct).length,
      accuracy: pct(list.filter((o) => o.correct).length / list.length),
      "wrong (got)": [...new Set(list.filter((o) => !o.correct).map((o) => o.got.join("+") || "none"))].join(", "),
    }));
  const inScope = outcomes.filter((o) => o.expected[0] !== "none");
  const outOfScope = outcomes.filter((o) => o.expected[0] === "none");
  const top1 = share(inScope);
  const fallback = share(outOfScope);
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const cpuTimes = outcomes.map((o) => o.cpuMs).sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  const p99 = quantile(times, 0.99);
  const passed = !gated || (top1 >= GOALS.top1 && fallback >= GOALS.fallback && median < GOALS.medianMs);
  return {
    title,
    rows,
    summary: {
      "in-scope messages": inScope.length,
      "top-1 accuracy": pct(top1),
      "out-of-scope messages": outOfScope.length,
      "correct fallback": pct(fallback),
      "median ms/message": median.toFixed(3),
      "p99 ms/message": p99.toFixed(3),
      "median CPU ms/message": quantile(cpuTimes, 0.5).toFixed(3),
      "p99 CPU ms/message": quantile(cpuTimes, 0.99).toFixed(3),
      goal: gated ? `top-1 >= ${pct(GOALS.top1)}, fallback >= ${pct(GOALS.fallback)}, median < ${GOALS.medianMs} ms` : "reported, not gated",
    },
    passed,
  };
}

/** No labelled message may be a copy of a phrasing the matcher was built from. */
function hygieneSection(kb: KnowledgeBase, sets: Readonly<Record<string, readonly DevItem[]>>): EvalSection {
  const copies = findCopies(kb, sets);
  return {
    title: "Eval sets are held out (no message equals a phrasing in faq/ or intents/)",
    rows: copies.map((c) => ({ file: c.file, text: c.text, "same as": c.owner })),
    summary: { copies: copies.length },
    passed: copies.length === 0,
  };
}

/** Labelled messages that equal (normalised) a phrasing in faq/ or intents/. */
export function findCopies(kb: KnowledgeBase, sets: Readonly<Record<string, readonly DevItem[]>>): { file: string; text: string; owner: string }[] {
  const owners = new Map<string, string>();
  for (const e of kb.faq.values()) for (const q of e.questions) owners.set(questionKey(q), `faq/${e.id}.yaml`);
  for (const i of kb.intents.values()) for (const q of i.examples) owners.set(questionKey(q), `intents/${i.id}.yaml`);
  return Object.entries(sets).flatMap(([file, items]) =>
    items.flatMap((item) => {
      const owner = owners.get(questionKey(item.text));
      return owner ? [{ file, text: item.text, owner }] : [];
    }),
  );
}

function share(outcomes: readonly Outcome[]): number {
  return outcomes.length === 0 ? 1 : outcomes.filter((o) => o.correct).length / outcomes.length;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
