import type OpenAI from "openai";

import { DEFAULT_OPENAI_MODEL, REASONING_EFFORTS } from "../config.js";

export { DEFAULT_OPENAI_MODEL, REASONING_EFFORTS };
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/**
 * Whether a model reasons before answering (o-series and GPT-5 family). Those reject
 * `temperature` and count reasoning tokens against `max_completion_tokens`; the `-chat`
 * variants of GPT-5 do not reason and take the classic settings.
 */
export function isReasoningModel(model: string): boolean {
  const name = model.toLowerCase().replace(/^.*\//, "");
  return /^(o\d|gpt-5)/.test(name) && !/-chat(-latest)?$/.test(name);
}

/** How much a call may produce: the visible answer, plus room to reason on a reasoning model. */
export interface OutputLimits {
  /** Tokens for the answer itself on a classic model. */
  readonly answerTokens: number;
  /** Reasoning plus answer on a reasoning model (reasoning tokens count against the limit). */
  readonly reasoningTokens: number;
  readonly temperature: number;
}

type SamplingParams = Pick<OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, "temperature" | "max_completion_tokens" | "reasoning_effort">;

/**
 * The sampling part of a Chat Completions request. On a reasoning model the effort is what
 * decides latency: at `low` a routing call stays well inside the 2.5 s budget, where the
 * default (`medium`) can spend seconds reasoning about a one-word answer.
 */
export function samplingParams(model: string, effort: ReasoningEffort, limits: OutputLimits): SamplingParams {
  return isReasoningModel(model)
    ? { reasoning_effort: effort, max_completion_tokens: limits.reasoningTokens }
    : { temperature: limits.temperature, max_completion_tokens: limits.answerTokens };
}
