import type { StoredUnanswered } from "./insights-store.js";

/** Questions at least this alike (the matcher's similarity) fall into one group. */
export const GROUP_AT = 0.5;
/** Most questions grouped at once (grouping compares each with every group so far). */
const MAX_GROUPED = 500;

/** Unanswered questions that read alike, with the entries the matcher thought closest. */
export interface QuestionGroup {
  /** The first (newest) question of the group, shown as its title. */
  readonly lead: StoredUnanswered;
  readonly questions: readonly StoredUnanswered[];
  /** Closest entries over the group, by summed score. */
  readonly closest: readonly { id: string; score: number }[];
}

/**
 * Groups questions greedily: each joins the first group whose lead it is at least
 * {@link GROUP_AT} similar to, else starts one. Largest groups first.
 */
export function groupQuestions(questions: readonly StoredUnanswered[], similarity: (a: string, b: string) => number): QuestionGroup[] {
  const groups: { lead: StoredUnanswered; questions: StoredUnanswered[] }[] = [];
  for (const q of questions.slice(0, MAX_GROUPED)) {
    const home = groups.find((g) => similarity(g.lead.text, q.text) >= GROUP_AT);
    if (home) home.questions.push(q);
    else groups.push({ lead: q, questions: [q] });
  }
  return groups
    .map((g) => {
      const scores = new Map<string, number>();
      for (const q of g.questions) for (const c of q.closest) scores.set(c.id, (scores.get(c.id) ?? 0) + c.score);
      const closest = [...scores].map(([id, sum]) => ({ id, score: Math.round((sum / g.questions.length) * 1000) / 1000 })).sort((a, b) => b.score - a.score).slice(0, 3);
      return { ...g, closest };
    })
    .sort((a, b) => b.questions.length - a.questions.length);
}
