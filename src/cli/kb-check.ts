/**
 * `npm run kb:check`: validates faq/ and intents/ (schema, SMS length and GSM-7, placeholders,
 * forbidden claims, duplicate phrasings, sources) and, when ../shared/seeds is present,
 * that every cited seed file exists. Prints each problem with file and field; exits 1 on any.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, formatProblem, readKnowledgeBase } from "../knowledge/load.js";
import type { KbProblem } from "../knowledge/validate.js";

const { kb, problems } = readKnowledgeBase(PROJECT_ROOT);

const seeds = join(PROJECT_ROOT, "..", "shared", "seeds");
const seedProblems: KbProblem[] = [];
if (existsSync(seeds)) {
  for (const entry of kb.faq.values()) {
    entry.sources.forEach((s, i) => {
      if (s.seed && !existsSync(join(seeds, s.seed))) {
        seedProblems.push({ file: `faq/${entry.id}.yaml`, field: `sources[${i}].seed`, message: `${s.seed} is not in shared/seeds` });
      }
    });
  }
}

const all = [...problems, ...seedProblems];
if (all.length > 0) {
  for (const p of all) console.error(formatProblem(p));
  console.error(`\nkb:check: ${all.length} problem(s).`);
  process.exit(1);
}
const phrasings = [...kb.faq.values()].reduce((n, e) => n + e.questions.length, 0) + [...kb.intents.values()].reduce((n, i) => n + i.examples.length, 0);
console.log(`kb:check: ${kb.faq.size} FAQ entries and ${kb.intents.size} intents, ${phrasings} phrasings: OK.`);
