/**
 * `npm run kb:export`: writes the phrasings clinicians approved in the staff console into
 * `faq/*.yaml` (and approved new entries into `kb-drafts/`), then runs the knowledge-base checks
 * on the result. Reads the proposals from the store (REDIS_URL). Exits 1 when a check fails.
 */
import { readCliConfig } from "./cli-config.js";
import { connectKv } from "../state/connect-kv.js";
import { createLogger } from "../logging/logger.js";
import { formatProblem, PROJECT_ROOT, readKnowledgeBase } from "../knowledge/load.js";
import { readabilityProblems } from "../knowledge/validate.js";
import { ProposalRepo } from "../insights/review/proposals.js";
import { exportApproved, type ExportResult } from "../insights/review/kb-export.js";

async function main(): Promise<number> {
  const config = readCliConfig();
  if (!config) return 78;
  if (!config.redis) {
    console.error("REDIS_URL is not set: approved phrasings live in the bot's store. Set REDIS_URL to the bot's Redis.");
    return 1;
  }
  const kv = await connectKv(config, createLogger(config.LOG_LEVEL));
  let result: ExportResult;
  try {
    result = exportApproved(PROJECT_ROOT, await new ProposalRepo(kv).list(10_000), new Date());
  } finally {
    await kv.close();
  }
  for (const [file, texts] of result.added) console.log(`${file}: +${texts.length} phrasing(s): ${texts.map((t) => JSON.stringify(t)).join(", ")}`);
  if (result.alreadyThere > 0) console.log(`${result.alreadyThere} approved phrasing(s) already in faq/.`);
  for (const o of result.orphaned) console.error(`faq/${o.faqId}.yaml is gone: approved phrasing ${JSON.stringify(o.text)} not written.`);
  for (const file of result.drafts) console.log(`${file}: approved new entry written as a draft (add phrasings, then move it to faq/).`);
  const { kb, problems } = readKnowledgeBase(PROJECT_ROOT);
  const all = [...problems, ...readabilityProblems(kb)];
  for (const p of all) console.error(formatProblem(p));
  if (all.length > 0) return 1;
  console.log("Knowledge base checked: no problems. Run npm run kb:check for the seed and clinic-profile checks, then commit faq/.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`kb:export failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
