/** One block of `npm run eval` output: a titled table plus pass/fail against its goal. */
export interface EvalSection {
  readonly title: string;
  /** Rows printed with console.table. */
  readonly rows: readonly Record<string, string | number>[];
  /** Headline figures, e.g. { "top-1 accuracy": "98.5%" }. */
  readonly summary: Readonly<Record<string, string | number>>;
  /** False when a goal of the issue is missed; `npm run eval` then exits 1. */
  readonly passed: boolean;
}
