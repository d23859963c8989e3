import { describe, expect, it } from "vitest";
import type { ChatModel } from "openai/resources/shared";
import { DEFAULT_OPENAI_MODEL, isReasoningModel, samplingParams } from "../../src/llm/model-settings.js";
import { parseConfig } from "../../src/config.js";

const limits = { answerTokens: 50, reasoningTokens: 1000, temperature: 0 };

describe("OpenAI model settings", () => {
  it("defaults to a model the installed SDK lists", () => {
    const listed: ChatModel = DEFAULT_OPENAI_MODEL satisfies ChatModel;
    expect(listed).toBe("gpt-5.4-mini");
    expect(parseConfig({ NODE_ENV: "test" })).toMatchObject({ OPENAI_MODEL: "gpt-5.4-mini", OPENAI_REASONING_EFFORT: "low" });
  });

  it("tells reasoning models from classic ones", () => {
    for (const m of ["gpt-5.4-mini", "gpt-5.4-nano-2026-03-17", "gpt-5-mini", "o4-mini", "o3", "GPT-5.4-mini"]) expect(isReasoningModel(m), m).toBe(true);
    for (const m of ["gpt-4o-mini", "gpt-4.1-mini", "gpt-5-chat-latest", "gpt-5.1-chat-latest", "my-local-llama"]) expect(isReasoningModel(m), m).toBe(false);
  });

  it("gives reasoning models an effort and a token budget, classic models a temperature", () => {
    expect(samplingParams("gpt-5.4-mini", "low", limits)).toEqual({ reasoning_effort: "low", max_completion_tokens: 1000 });
    expect(samplingParams("gpt-4.1-mini", "low", limits)).toEqual({ temperature: 0, max_completion_tokens: 50 });
  });

  it("refuses an effort the API does not know, naming the variable", () => {
    expect(() => parseConfig({ NODE_ENV: "test", OPENAI_REASONING_EFFORT: "turbo" })).toThrow(/OPENAI_REASONING_EFFORT/);
  });
});
