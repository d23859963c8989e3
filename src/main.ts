import cluster from "node:cluster";
import { existsSync } from "node:fs";
import { ConfigError, parseConfig, type Config } from "./config.js";
import { loadContent, preparationSteps, type Content } from "./content.js";
import { createApp } from "./app.js";
import { createLogger } from "./logging/logger.js";
import { COMPILED } from "./util/build-info.js";
import { BUILT_PARSED_YAML, forgetParsedYaml, useParsedYaml } from "./util/parsed-yaml.js";

/**
 * Start-up: parse the environment, load and validate the clinic profile and knowledge
 * base, connect the store, listen. Any configuration problem stops here, loudly.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  // A local .env is read for convenience; real deployments set the environment.
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  if (config.WEB_CONCURRENCY > 1 && cluster.isPrimary) return superviseWorkers(config.WEB_CONCURRENCY, logger);
  let content: Content;
  // The compiled server reads what the build parsed the data files to (src/util/parsed-yaml.ts).
  if (COMPILED) useParsedYaml(BUILT_PARSED_YAML);
  try {
    content = loadContent(config);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(78);
  } finally {
    forgetParsedYaml();
  }
  const app = await createApp(config, content, { logger });
  const port = await app.listen();
  logger.info(
    { port, store: app.store.kind, startupMs: Math.round(performance.now() - startedAt), url: config.publicBaseUrl },
    `consult bot listening: chat at http://localhost:${port}/`,
  );
  // What the first messages would otherwise wait for (V8's regex compilation, the spelling indexes),
  // a step at a time between requests: answering starts at once.
  void betweenRequests(preparationSteps(content), logger);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing turns in flight");
    const force = setTimeout(() => {
      logger.error("shutdown took over 10 s; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** Runs each step after the requests already waiting; a failed step is logged and changes nothing else. */
async function betweenRequests(steps: readonly (() => void)[], logger: ReturnType<typeof createLogger>): Promise<void> {
  const started = performance.now();
  for (const step of steps) {
    await new Promise((resolve) => setImmediate(resolve));
    try {
      step();
    } catch (err) {
      logger.warn({ err }, "a warm-up step failed; the first messages will do that work instead");
    }
  }
  logger.debug({ steps: steps.length, ms: Math.round(performance.now() - started) }, "warmed up");
}

/**
 * WEB_CONCURRENCY > 1: this process only forks workers that share the port and Redis, passes
 * SIGTERM on, and replaces a worker that dies unexpectedly.
 */
function superviseWorkers(count: number, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, "worker died; starting another");
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    setTimeout(() => process.exit(1), 12_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  console.error(`Start-up failed: ${(err as Error).message}`);
  process.exit(1);
});
