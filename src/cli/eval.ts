/**
 * `npm run eval`: the FAQ matcher on the labelled dev and held-out sets, and the safety
 * evaluation when `src/eval/safety-eval.ts` is present. Prints each section as a table with
 * its summary; exits 1 when a section misses its goal.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runFaqEval } from "../eval/faq-eval.js";
import type { EvalSection } from "../eval/types.js";
import { llmEvalSections } from "../llm/router-eval.js";

async function safetySections(): Promise<EvalSection[]> {
  const url = new URL("../eval/safety-eval.ts", import.meta.url);
  // Owned by the safety engineer; the FAQ eval runs with or without it.
  if (!existsSync(fileURLToPath(url))) return [];
  const mod = (await import(url.href)) as { runSafetyEval?: () => Promise<EvalSection[]> };
  return mod.runSafetyEval ? mod.runSafetyEval() : [];
}

// `--llm`: the dev set again with the OpenAI router on (skipped, exit 0, without OPENAI_API_KEY).
const sections = [...(await runFaqEval()), ...(await safetySections()), ...(await llmEvalSections(process.argv, process.env))];
for (const section of sections) {
  console.log(`\n== ${section.title} ${section.passed ? "(pass)" : "(FAIL)"}`);
  if (section.rows.length > 0) console.table(section.rows);
  console.table(section.summary);
}
const failed = sections.filter((s) => !s.passed);
console.log(failed.length === 0 ? "\neval: all sections meet their goals." : `\neval: ${failed.length} section(s) missed their goal: ${failed.map((s) => s.title).join("; ")}`);
process.exit(failed.length === 0 ? 0 : 1);
