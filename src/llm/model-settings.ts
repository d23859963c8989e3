import type OpenAI from "openai";

/**
 * The default model for routing and staff summaries: the current small model of the GPT-5.4
 * generation as the installed `openai` SDK lists it (`ChatModel`, SDK 6.49). Routing is a
 * choice among a few dozen ids, so a small model is enough; `gpt-5.4-nano` is cheaper and
 * faster still, `gpt-5.4-mini-2026-03-17` pins the snapshot (docs/openai.md).
 */
export const DEFAULT_OPENAI_MODEL = "gpt-5.4-mini";

/** `reasoning_effort` values we pass on; `low` is supported by every reasoning model. */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high"] as const;
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
