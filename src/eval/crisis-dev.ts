import { readTrainingFolder, type LabelledText } from "../nlu/training-data.js";
import { TextClassifier } from "../nlu/text-classifier.js";
import { mulberry32 } from "../nlu/softmax-model.js";
import type { FoldVocabulary } from "../nlu/fold.js";
import { CRISIS_TRAIN_OPTIONS, crisisText } from "../safety/crisis-model.js";
import type { Rewrite } from "../nlu/text-classifier.js";
import { DEFAULT_THRESHOLDS, type CrisisThresholds } from "../safety/screen.js";
import type { EvalSection } from "./types.js";
import { formatRate } from "./wilson.js";

/**
 * The crisis classifier's dev figures: k-fold cross-validation over `training/safety/` (every
 * example is scored by a model that did not see it). A dev figure is not the product's figure:
 * the training data and the look-alikes were written for this classifier; only a blind set,
 * written by someone who saw none of it, measures recognition (see runBlind in blind.ts).
 */
export function crisisDevSections(deps: { vocab: FoldVocabulary; isWord: (w: string) => boolean; rewrite?: Rewrite; thresholds?: CrisisThresholds; folds?: number }): EvalSection[] {
  const folds = deps.folds ?? 5;
  const t = deps.thresholds ?? DEFAULT_THRESHOLDS;
  const data: LabelledText[] = readTrainingFolder("safety");
  const ordinary = readTrainingFolder("understanding").map((e) => ({ ...e, label: "none", kind: "ordinary-question" }));
  const all = [...data, ...ordinary];
  const random = mulberry32(1);
  const fold = all.map(() => Math.floor(random() * folds));
  const scored: { e: LabelledText; alarm: "crisis" | "risk" | "none" }[] = [];
  for (let k = 0; k < folds; k++) {
    const model = TextClassifier.train(
      all.filter((_, i) => fold[i] !== k),
      deps.vocab,
      deps.isWord,
      CRISIS_TRAIN_OPTIONS,
      crisisText(deps.rewrite),
    );
    all.forEach((e, i) => {
      if (fold[i] !== k) return;
      const p = model.predict(e.text);
      const pc = p.find((x) => x.label === "crisis")?.probability ?? 0;
      const pr = p.find((x) => x.label === "risk")?.probability ?? 0;
      scored.push({ e, alarm: pc >= t.crisis ? "crisis" : pc + pr >= t.risk ? "risk" : "none" });
    });
  }
  const rows: Record<string, string | number>[] = [];
  for (const key of [...new Set(scored.map((s) => `${s.e.label}/${s.e.kind ?? "-"}/${s.e.language}`))].sort()) {
    const group = scored.filter((s) => `${s.e.label}/${s.e.kind ?? "-"}/${s.e.language}` === key);
    const flagged = group.filter((s) => s.alarm !== "none").length;
    rows.push({ group: key, n: group.length, "crisis or check-in": formatRate(flagged, group.length) });
  }
  const positives = scored.filter((s) => s.e.label !== "none");
  const negatives = scored.filter((s) => s.e.label === "none");
  const caught = positives.filter((s) => s.alarm !== "none").length;
  const alarms = negatives.filter((s) => s.alarm !== "none").length;
  const full = negatives.filter((s) => s.alarm === "crisis").length;
  return [
    {
      title: `DEV (cross-validation on training/, not a product figure): crisis classifier alone, ${folds} folds`,
      rows,
      summary: {
        "recall (crisis or check-in)": formatRate(caught, positives.length),
        "false alarms (crisis or check-in)": formatRate(alarms, negatives.length),
        "full crisis reply on non-crisis": formatRate(full, negatives.length),
        thresholds: `crisis >= ${t.crisis}, check-in >= ${t.risk}`,
      },
      passed: true,
    },
  ];
}
