import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isSeq, parseDocument, stringify } from "yaml";
import { questionKey } from "../../knowledge/question-key.js";
import type { Proposal } from "./proposals.js";
import { draftEntry } from "./review-service.js";

/** Where approved new entries are written: outside faq/, for the curator to add phrasings (12 or more) before moving them in. */
export const DRAFTS_FOLDER = "kb-drafts";

export interface ExportResult {
  /** Phrasings added, per `faq/<id>.yaml`. */
  readonly added: ReadonlyMap<string, readonly string[]>;
  /** Approved phrasings already in their file (an earlier export): nothing to do. */
  readonly alreadyThere: number;
  /** Approved phrasings whose entry no longer exists. */
  readonly orphaned: readonly { text: string; faqId: string }[];
  /** Draft files written for approved new entries. */
  readonly drafts: readonly string[];
}

/**
 * Writes approved proposals into the knowledge-base files under `root`: each approved phrasing
 * is appended to its entry's `questions` in `faq/<id>.yaml` (comments, order and quoting of the
 * rest of the file are kept; a phrasing already there is skipped, so a second export changes
 * nothing); each approved new entry becomes `kb-drafts/<id>.yaml`. Run kb:check afterwards.
 */
export function exportApproved(root: string, proposals: readonly Proposal[], now: Date): ExportResult {
  const approved = proposals.filter((p) => p.status === "approved");
  const byEntry = new Map<string, string[]>();
  for (const p of approved) if (p.kind === "phrasing" && p.faqId) byEntry.set(p.faqId, [...(byEntry.get(p.faqId) ?? []), p.text]);

  const added = new Map<string, string[]>();
  const orphaned: { text: string; faqId: string }[] = [];
  let alreadyThere = 0;
  for (const [faqId, texts] of [...byEntry].sort((a, b) => a[0].localeCompare(b[0]))) {
    const file = join(root, "faq", `${faqId}.yaml`);
    if (!existsSync(file)) {
      orphaned.push(...texts.map((text) => ({ text, faqId })));
      continue;
    }
    const doc = parseDocument(readFileSync(file, "utf8"));
    const questions = doc.get("questions");
    if (!isSeq(questions)) throw new Error(`${file}: questions is not a list`);
    const have = new Set(questions.items.map((item) => questionKey(String((item as { value?: unknown }).value ?? item))));
    const fresh: string[] = [];
    for (const text of texts) {
      const key = questionKey(text);
      if (have.has(key)) {
        alreadyThere++;
        continue;
      }
      have.add(key);
      questions.add(doc.createNode(text));
      fresh.push(text);
    }
    if (fresh.length > 0) {
      writeFileSync(file, doc.toString({ lineWidth: 0 }));
      added.set(`faq/${faqId}.yaml`, fresh);
    }
  }

  const drafts: string[] = [];
  for (const p of approved) {
    if (p.kind !== "new-entry" || !p.draft) continue;
    const entry = draftEntry(p.draft, [p.text], now);
    mkdirSync(join(root, DRAFTS_FOLDER), { recursive: true });
    const file = `${DRAFTS_FOLDER}/${entry.id}.yaml`;
    writeFileSync(
      join(root, file),
      `# Approved by ${p.decidedBy ?? "a clinician"} on ${p.decidedAt?.slice(0, 10) ?? ""}. Add phrasings (at least 12) and move to faq/ to make it live.\n` +
        stringify({ id: entry.id, topic: entry.topic, questions: entry.questions, answers: entry.answers, sources: entry.sources, reviewed: entry.reviewed }, { lineWidth: 0 }),
    );
    drafts.push(file);
  }
  return { added, alreadyThere, orphaned, drafts };
}
