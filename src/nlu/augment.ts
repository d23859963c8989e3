import { mulberry32 } from "./softmax-model.js";
import type { Example } from "./text-classifier.js";

/**
 * Deterministic training-data augmentation. Written examples show the classifier what each
 * label looks like alone; people also bury the same words inside an ordinary question, and
 * misspell them. Both are cheap to make from what is written, and are made at training time
 * (never written to `training/`), each counting for less than a written example.
 */
export interface AugmentOptions {
  readonly seed: number;
  /** How many "question + statement" combinations to make per label group. */
  readonly mixes: number;
  /** How many misspelled copies to make. */
  readonly typos: number;
  /** Weight of a made example against a written one. */
  readonly weight: number;
}

/**
 * Makes examples that join an ordinary question (`carriers`) to a written example in either
 * order, keeping the written example's label ("how much is it? i want to die tonight" is still
 * a crisis; "how much is it? my back is killing me" is still not), and misspelled copies of
 * examples of the labels in `typoLabels`.
 */
export function augment(examples: readonly Example[], carriers: readonly string[], typoLabels: ReadonlySet<string>, options: AugmentOptions): Example[] {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const out: Example[] = [];
  const byLabel = new Map<string, Example[]>();
  for (const e of examples) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e]);
  if (carriers.length > 0) {
    for (const [label, group] of byLabel) {
      for (let i = 0; i < options.mixes; i++) {
        const e = pick(group);
        const q = pick(carriers);
        const text = random() < 0.5 ? `${q} ${e.text}` : `${e.text} ${q}`;
        out.push({ text, label, weight: options.weight * (e.weight ?? 1) });
      }
    }
  }
  const typoable = examples.filter((e) => typoLabels.has(e.label));
  for (let i = 0; i < options.typos && typoable.length > 0; i++) {
    const e = pick(typoable);
    out.push({ text: misspell(e.text, random), label: e.label, weight: options.weight * (e.weight ?? 1) });
  }
  return out;
}

/** One or two words of the text with a typing slip each: a letter dropped, doubled, swapped or replaced by a neighbour. */
function misspell(text: string, random: () => number): string {
  const words = text.split(" ");
  const candidates = words.map((w, i) => (/^[a-z]{4,}$/i.test(w) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return text;
  const slips = 1 + Math.floor(random() * 2);
  for (let n = 0; n < slips; n++) {
    const i = candidates[Math.floor(random() * candidates.length)]!;
    const w = words[i]!;
    const at = 1 + Math.floor(random() * (w.length - 2));
    const kind = Math.floor(random() * 4);
    words[i] =
      kind === 0
        ? w.slice(0, at) + w.slice(at + 1)
        : kind === 1
          ? w.slice(0, at) + w[at] + w.slice(at)
          : kind === 2
            ? w.slice(0, at - 1) + w[at] + w[at - 1] + w.slice(at + 1)
            : w.slice(0, at) + neighbour(w[at]!, random) + w.slice(at + 1);
  }
  return words.join(" ");
}

const ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

function neighbour(ch: string, random: () => number): string {
  const lower = ch.toLowerCase();
  for (const row of ROWS) {
    const i = row.indexOf(lower);
    if (i < 0) continue;
    const options = [row[i - 1], row[i + 1]].filter((c): c is string => c !== undefined);
    return options[Math.floor(random() * options.length)] ?? ch;
  }
  return ch;
}
