import { existsSync } from "node:fs";
import { ConfigError, parseConfig, type Config } from "../config.js";

/**
 * The configuration a command-line tool runs with: the environment, with a local .env read first
 * (as `npm start` does), quiet logs unless LOG_LEVEL says otherwise. A bad value is printed and
 * undefined returned, so the tool exits with 78 (EX_CONFIG).
 */
export function readCliConfig(): Config | undefined {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    return parseConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : (err as Error).message);
    return undefined;
  }
}
