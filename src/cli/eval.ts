/**
 * `npm run eval`: how well the bot understands, in two kinds of figures, each labelled.
 * - DEV: cross-validation over `training/` (the data the classifiers learn from). Useful for
 *   tuning; not the product's figure.
 * - BLIND: the sets in `eval/blind/`, written by people who saw none of the patterns, phrasings
 *   or training data, run through the real pipeline and judged by what the replies say. An
 *   unread set's figure is the product's figure; a spent set is a regression check.
 * Flags: `--blind-only`, `--dev-only`, `--set=<part of a file name>`, `--show-failures` (reading a
 * blind set's failures spends it),
 * `--llm` (the OpenAI router sections; skipped without OPENAI_API_KEY).
 */
import { parseConfig } from "../config.js";
import { crisisRewrite, loadContent } from "../content.js";
import { createCore } from "../app.js";
import { crisisDevSections } from "../eval/crisis-dev.js";
import { blindCrisisSection, blindSets } from "../eval/blind.js";
import { blindFaqSection, readTopicMap } from "../eval/blind-faq.js";
import { join } from "node:path";
import { seenTexts } from "../eval/seen-texts.js";
import { PROJECT_ROOT } from "../util/project-root.js";
import type { EvalSection } from "../eval/types.js";
import { llmEvalSections } from "../eval/router-eval.js";
import { loadFoldVocabulary } from "../nlu/vocabulary.js";
import { isEnglishWord } from "../nlu/english.js";
import { loadSafetyPatterns } from "../safety/load-patterns.js";
import { understandingDevSections } from "../eval/understanding-dev.js";

const args = new Set(process.argv.slice(2));
const sections: EvalSection[] = [];
const config = parseConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" });
const content = loadContent(config);

if (!args.has("--blind-only")) {
  sections.push(...crisisDevSections({ vocab: loadFoldVocabulary(), isWord: isEnglishWord, rewrite: crisisRewrite(loadSafetyPatterns()).rewrite }));
  sections.push(...understandingDevSections(content.kb, { vocab: loadFoldVocabulary(), isWord: isEnglishWord }));
}
if (!args.has("--dev-only")) {
  const core = await createCore(config, content);
  const seen = seenTexts(content.kb);
  const judge = { kb: content.kb, clinic: content.clinic, phrases: content.phrases, otherPhrases: [content.wording.es], topics: readTopicMap(), seen };
  const only = process.argv.find((a) => a.startsWith("--set="))?.slice(6);
  for (const set of blindSets().filter((s) => !only || s.file.includes(only))) {
    if (set.kind === "faq" || set.kind === "spanish") {
      const section = await blindFaqSection(core.turn, join(PROJECT_ROOT, "eval/blind", set.file), set.status, judge);
      sections.push(section);
      if (args.has("--show-failures")) console.log(`\n${set.file} failures:\n  ${section.failures.join("\n  ")}`);
    }
    if (set.kind === "crisis" || set.kind === "spanish") {
      const section = await blindCrisisSection(core.turn, set, { seen });
      sections.push(section);
      if (args.has("--show-failures")) {
        console.log(`\n${set.file} misses:\n  ${section.misses.join("\n  ")}\nalarms:\n  ${section.alarms.join("\n  ")}`);
      }
    }
  }
}
sections.push(...(await llmEvalSections(process.argv, process.env)));

for (const section of sections) {
  console.log(`\n== ${section.title} ${section.passed ? "(meets goal)" : "(below goal)"}`);
  if (section.rows.length > 0) console.table(section.rows);
  console.table(section.summary);
}
process.exit(0);
