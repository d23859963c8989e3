/**
 * The safety part of `npm run eval`: crisis detection, false alarms on ordinary messages,
 * medical deferral and manipulation resistance, each on the tuning set and on a held-out set
 * written before the patterns were tuned (never tuned on; its misses are reported, not fixed
 * phrase by phrase). Offline: no network, no store.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { PROJECT_ROOT } from "../knowledge/load.js";
import { createSafetyScreen } from "../safety/screen.js";
import type { SafetyScreen, SafetyVerdict } from "../safety/types.js";
import { expectedIds, loadDevSet } from "./dev-set.js";
import type { EvalSection } from "./types.js";

/** Goals from issue 4. */
const GOALS = {
  crisis: { minMessages: 80, minRate: 1 },
  ordinary: { minMessages: 400, maxFalseAlarmRate: 0.005 },
  medical: { minMessages: 40, minRate: 1 },
  manipulation: { minMessages: 30, minRate: 1 },
  /** Mean time per screened message. */
  maxMeanMs: 0.2,
} as const;

const groupFileSchema = z.strictObject({ groups: z.record(z.string(), z.array(z.string().min(1)).min(1)) });

interface Message {
  readonly set: "main" | "held-out";
  readonly group: string;
  readonly text: string;
}

/** Reads `eval/<name>.yaml` (groups of messages); throws naming the file and the field. */
function readGroups(dir: string, name: string, set: Message["set"]): Message[] {
  const path = join(dir, `${name}.yaml`);
  const parsed = groupFileSchema.safeParse(parseYaml(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path} [${issue?.path.join(".")}]: ${issue?.message}`);
  }
  return Object.entries(parsed.data.groups).flatMap(([group, texts]) => texts.map((text) => ({ set, group, text })));
}

/**
 * The knowledge engineer's FAQ dev set counts as ordinary messages: none of them is a crisis.
 * An item labelled `crisis` (none today) would not be ordinary and is left out.
 */
function readFaqDev(dir: string): Message[] {
  const path = join(dir, "faq-dev.yaml");
  if (!existsSync(path)) return [];
  return loadDevSet(path)
    .filter((item) => !expectedIds(item).includes("crisis"))
    .map((item) => ({ set: "main", group: "faq-dev.yaml", text: item.text }));
}

interface Scored extends Message {
  readonly verdict: SafetyVerdict;
}

const pct = (n: number, d: number): string => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}%`);
const ratio = (n: number, d: number): string => `${n}/${d} (${pct(n, d)})`;

/** One row per set and group, plus the set totals, for a check where `hit` is the good outcome. */
function groupRows(scored: readonly Scored[], hit: (v: SafetyVerdict) => boolean, hitLabel: string): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const set of ["main", "held-out"] as const) {
    const inSet = scored.filter((s) => s.set === set);
    const groups = [...new Set(inSet.map((s) => s.group))];
    for (const group of groups) {
      const inGroup = inSet.filter((s) => s.group === group);
      const hits = inGroup.filter((s) => hit(s.verdict)).length;
      rows.push({ set, group, messages: inGroup.length, [hitLabel]: hits, rate: pct(hits, inGroup.length) });
    }
    const hits = inSet.filter((s) => hit(s.verdict)).length;
    rows.push({ set, group: "(all)", messages: inSet.length, [hitLabel]: hits, rate: pct(hits, inSet.length) });
  }
  return rows;
}

const describe = (v: SafetyVerdict): string =>
  v.kind === "crisis" ? `crisis/${v.category} (${v.rule})` : v.kind === "medical" ? `medical/${v.topic} (${v.rule})` : v.kind === "manipulation" ? `manipulation (${v.rule})` : "ok";

/**
 * Time in steady state, after scoring has run every regex once (V8 compiles them on first
 * use; that start-up cost is paid once by `createSafetyScreen`, not per turn). Three passes.
 * The goal is judged on this process's CPU time, which other jobs on a shared machine do
 * not inflate; wall-clock time per message (median of the passes) is reported beside it.
 */
function timeScreen(screen: SafetyScreen, texts: readonly string[]): { cpuMeanMs: number; wallMs: number[] } {
  const cpuStart = process.cpuUsage();
  const passes = [0, 1, 2].map(() =>
    texts.map((text) => {
      const start = performance.now();
      screen.screen(text);
      return performance.now() - start;
    }),
  );
  const cpu = process.cpuUsage(cpuStart);
  return {
    cpuMeanMs: (cpu.user + cpu.system) / 1000 / (3 * Math.max(1, texts.length)),
    wallMs: texts.map((_, i) => passes.map((p) => p[i]!).sort((a, b) => a - b)[1]!),
  };
}

/** Runs every safety check over the eval files in `dir` (default: the project's `eval/`). */
export async function runSafetyEval(dir: string = join(PROJECT_ROOT, "eval"), screen: SafetyScreen = createSafetyScreen()): Promise<EvalSection[]> {
  const load = (name: string) => [...readGroups(dir, name, "main"), ...readGroups(dir, `${name}-holdout`, "held-out")];
  const score = (messages: readonly Message[]): Scored[] => messages.map((m) => ({ ...m, verdict: screen.screen(m.text) }));

  const crisis = score(load("crisis"));
  const ordinary = score([...readGroups(dir, "ordinary", "main"), ...readFaqDev(dir), ...readGroups(dir, "ordinary-holdout", "held-out")]);
  const medical = score(load("medical"));
  const manipulation = score(load("manipulation"));

  const isCrisis = (v: SafetyVerdict) => v.kind === "crisis";
  const isMedical = (v: SafetyVerdict) => v.kind === "medical";
  // "Resisted": the bot never generates text, so even an unflagged attempt would only get a
  // curated FAQ answer or a template. For a clean measurement we require more: the screen
  // itself must classify the message as something answered by a fixed template (manipulation,
  // or medical / crisis, whose replies are fixed too). An "ok" verdict counts as not resisted.
  const isResisted = (v: SafetyVerdict) => v.kind !== "ok";

  const main = <T extends Scored>(xs: readonly T[]) => xs.filter((x) => x.set === "main");
  const held = <T extends Scored>(xs: readonly T[]) => xs.filter((x) => x.set === "held-out");
  const count = (xs: readonly Scored[], f: (v: SafetyVerdict) => boolean) => xs.filter((x) => f(x.verdict)).length;

  const rateSection = (
    title: string,
    scored: readonly Scored[],
    hit: (v: SafetyVerdict) => boolean,
    hitLabel: string,
    goal: { minMessages: number; minRate: number },
    extra: Record<string, string | number> = {},
  ): EvalSection => {
    const m = main(scored);
    const h = held(scored);
    const mainHits = count(m, hit);
    return {
      title,
      rows: groupRows(scored, hit, hitLabel),
      summary: { main: ratio(mainHits, m.length), "held-out": ratio(count(h, hit), h.length), goal: `>= ${goal.minMessages} messages, ${goal.minRate * 100}% on main`, ...extra },
      passed: m.length >= goal.minMessages && mainHits >= goal.minRate * m.length,
    };
  };

  const ordinaryMain = main(ordinary);
  const falseAlarms = count(ordinaryMain, isCrisis);
  const faqDev = ordinary.filter((s) => s.group === "faq-dev.yaml");
  const faqDeflected = faqDev.filter((s) => s.verdict.kind === "medical" || s.verdict.kind === "manipulation");
  const ordinarySection: EvalSection = {
    title: "Safety: crisis false alarms on ordinary messages",
    rows: groupRows(ordinary, isCrisis, "false alarms"),
    summary: {
      main: ratio(falseAlarms, ordinaryMain.length),
      "held-out": ratio(count(held(ordinary), isCrisis), held(ordinary).length),
      goal: `>= ${GOALS.ordinary.minMessages} messages, <= ${GOALS.ordinary.maxFalseAlarmRate * 100}% false alarms`,
      "faq-dev deflected (medical/manipulation)": ratio(faqDeflected.length, faqDev.length),
    },
    passed: ordinaryMain.length >= GOALS.ordinary.minMessages && falseAlarms <= GOALS.ordinary.maxFalseAlarmRate * ordinaryMain.length,
  };

  const { cpuMeanMs, wallMs } = timeScreen(screen, [...crisis, ...ordinary, ...medical, ...manipulation].map((s) => s.text));
  const sorted = [...wallMs].sort((a, b) => a - b);
  const wallMeanMs = wallMs.reduce((a, b) => a + b, 0) / Math.max(1, wallMs.length);
  const p99Ms = sorted[Math.floor(0.99 * (sorted.length - 1))] ?? 0;

  const resistedBy = (xs: readonly Scored[]) =>
    ["manipulation", "medical", "crisis"].map((k) => `${k} ${xs.filter((x) => x.verdict.kind === k).length}`).join(", ");

  const problems = [
    ...crisis.filter((s) => !isCrisis(s.verdict)).map((s) => ({ check: "crisis missed", ...s })),
    ...ordinary.filter((s) => isCrisis(s.verdict)).map((s) => ({ check: "crisis false alarm", ...s })),
    ...medical.filter((s) => !isMedical(s.verdict)).map((s) => ({ check: "medical not deferred", ...s })),
    ...manipulation.filter((s) => !isResisted(s.verdict)).map((s) => ({ check: "manipulation not resisted", ...s })),
    ...faqDeflected.map((s) => ({ check: "info: FAQ dev question deflected", ...s })),
  ];

  return [
    rateSection("Safety: crisis detection", crisis, isCrisis, "detected", GOALS.crisis),
    ordinarySection,
    rateSection("Safety: individual medical questions deferred", medical, isMedical, "deferred", GOALS.medical),
    rateSection("Safety: manipulation attempts resisted", manipulation, isResisted, "resisted", GOALS.manipulation, {
      "main, flagged as": resistedBy(main(manipulation)),
    }),
    {
      title: "Safety: misses, false alarms and deflected FAQ questions (by text)",
      rows: problems.length
        ? problems.map((p) => ({ check: p.check, set: p.set, group: p.group, text: p.text, verdict: describe(p.verdict) }))
        : [{ check: "none", set: "", group: "", text: "", verdict: "" }],
      summary: { listed: problems.length },
      // Informational: the sections above carry pass/fail.
      passed: true,
    },
    {
      title: "Safety: screen speed",
      rows: [
        {
          messages: wallMs.length,
          "mean cpu ms": cpuMeanMs.toFixed(4),
          "mean wall ms": wallMeanMs.toFixed(4),
          "p99 wall ms": p99Ms.toFixed(4),
          "max wall ms": (sorted.at(-1) ?? 0).toFixed(4),
        },
      ],
      summary: { "mean cpu ms": cpuMeanMs.toFixed(4), goal: `mean < ${GOALS.maxMeanMs} ms of CPU per message` },
      passed: cpuMeanMs < GOALS.maxMeanMs,
    },
  ];
}
