import type { KnowledgeBase } from "../knowledge/types.js";
import { readTrainingFolder } from "../nlu/training-data.js";
import { PROJECT_ROOT } from "../util/project-root.js";

/**
 * What the models learned from, word for word: every training example, faq/ phrasing (English
 * and Spanish) and intent example. Blind sets are written by sessions that never saw these files,
 * yet common questions come out in the same words ("is it addictive?"); a blind line found here
 * tests memory, so the eval also reports each figure on the lines not found here.
 */
export function seenTexts(kb: KnowledgeBase, root: string = PROJECT_ROOT): ReadonlySet<string> {
  const seen = new Set<string>();
  for (const folder of ["safety", "understanding"]) for (const e of readTrainingFolder(folder, root)) seen.add(seenKey(e.text));
  for (const entry of kb.faq.values()) for (const q of [...entry.questions, ...(entry.es?.questions ?? [])]) seen.add(seenKey(q));
  for (const intent of kb.intents.values()) for (const q of intent.examples) seen.add(seenKey(q));
  return seen;
}

/** Case, punctuation and spacing do not make a text new. */
export function seenKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}
