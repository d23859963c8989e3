/**
 * `npm run kb:export`: writes the phrasings clinicians approved in the staff console into
 * `faq/*.yaml` (and approved new entries into `kb-drafts/`), then runs the knowledge-base checks
 * on the result. Reads the proposals from the store (REDIS_URL). Exits 1 when a check fails.
 */
import { existsSync } from "node:fs";
import { ConfigError, parseConfig, type Config } from "../config.js";
import { RedisKv } from "../state/redis/redis-kv.js";
import { createLogger } from "../logging/logger.js";
import { formatProblem, PROJECT_ROOT, readKnowledgeBase } from "../knowledge/load.js";
import { readabilityProblems } from "../knowledge/validate.js";
import { ProposalRepo } from "../insights/review/proposals.js";
import { exportApproved, type ExportResult } from "../insights/review/kb-export.js";

async function main(): Promise<number> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config: Config;
  try {
    config = parseConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : (err as Error).message);
    return 78;
  }
  if (!config.redis) {
    console.error("REDIS_URL is not set: approved phrasings live in the bot's store. Set REDIS_URL to the bot's Redis.");
    return 1;
  }
  const kv = await RedisKv.connect({ url: config.redis.urls, cluster: config.redis.cluster, prefix: config.REDIS_KEY_PREFIX, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS, logger: createLogger(config.LOG_LEVEL) });
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
