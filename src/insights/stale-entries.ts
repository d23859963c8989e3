import type { KnowledgeBase } from "../knowledge/types.js";

/** Entries whose `reviewed` date is older than `maxAgeDays`, oldest first. */
export function staleEntries(kb: KnowledgeBase, now: Date, maxAgeDays: number): { id: string; topic: string; reviewed: string; ageDays: number }[] {
  return [...kb.faq.values()]
    .map((e) => ({ id: e.id, topic: e.topic, reviewed: e.reviewed, ageDays: Math.floor((now.getTime() - Date.parse(e.reviewed)) / 86_400_000) }))
    .filter((e) => e.ageDays > maxAgeDays)
    .sort((a, b) => b.ageDays - a.ageDays || a.id.localeCompare(b.id));
}
