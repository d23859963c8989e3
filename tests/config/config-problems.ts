import { ConfigError, parseConfig } from "../../src/config.js";

/** The problems parseConfig reports for `env` (in a test environment), or none. */
export const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig({ NODE_ENV: "test", ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
};
