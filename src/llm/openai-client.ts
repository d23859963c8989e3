import OpenAI from "openai";
import type { Config } from "../config.js";

/**
 * The OpenAI client, or null when no key is configured (then every part of the layer is off).
 * The SDK's own retries are turned off: {@link guardedCall} decides what may be retried, so a
 * call never outlives its time budget.
 */
export function createOpenAiClient(config: Pick<Config, "OPENAI_API_KEY" | "OPENAI_BASE_URL">): OpenAI | null {
  if (!config.OPENAI_API_KEY) return null;
  return new OpenAI({
    apiKey: config.OPENAI_API_KEY,
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    maxRetries: 0,
    timeout: 15_000,
  });
}
