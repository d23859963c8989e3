import type { Kv } from "../state/kv.js";
import { keys } from "../state/keys.js";
import type { Logger } from "../logging/logger.js";

/** The parts of the OpenAI layer, for counting. */
export type LlmPart = "router" | "moderation" | "summary";

/** Token counts as OpenAI reports them in `usage`. */
export interface TokenUsage {
  readonly prompt: number;
  readonly completion: number;
  readonly total: number;
}

export interface TokenSnapshot {
  /** This process since it started, by part. */
  readonly sinceStart: Readonly<Record<LlmPart, TokenUsage>>;
  /** The deployment's total as last seen in the store (every process), or null before the first count. */
  readonly deploymentTotal: number | null;
}

/**
 * Counts OpenAI tokens per conversation (in the store, expiring with the transcript) and in
 * total (in the store for the deployment, in memory for this process). Counting never fails
 * a turn: a store error is logged and the count is lost.
 */
export class TokenMeter {
  private readonly sinceStart: Record<LlmPart, { prompt: number; completion: number; total: number }> = {
    router: { prompt: 0, completion: 0, total: 0 },
    moderation: { prompt: 0, completion: 0, total: 0 },
    summary: { prompt: 0, completion: 0, total: 0 },
  };
  private deploymentTotal: number | null = null;

  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
    private readonly logger: Logger,
  ) {}

  /** Adds one call's usage. Resolves when stored; never rejects. */
  async record(part: LlmPart, usage: TokenUsage | undefined, conversationId?: string): Promise<void> {
    if (!usage || usage.total <= 0) return;
    const counts = this.sinceStart[part];
    counts.prompt += usage.prompt;
    counts.completion += usage.completion;
    counts.total += usage.total;
    try {
      const [total] = await Promise.all([
        this.kv.incr(keys.llmTokensTotal(), { by: usage.total }),
        conversationId ? this.kv.incr(keys.llmTokens(conversationId), { by: usage.total, ttlMs: this.retentionMs }) : Promise.resolve(0),
      ]);
      this.deploymentTotal = total;
    } catch (err) {
      this.logger.warn({ err, part, conversationId }, "llm token count not stored");
    }
  }

  /** Tokens one conversation has used so far (0 when none, or when the count expired). */
  async forConversation(conversationId: string): Promise<number> {
    return Number((await this.kv.get(keys.llmTokens(conversationId))) ?? 0);
  }

  /** Tokens the whole deployment has used, read from the store. */
  async total(): Promise<number> {
    const total = Number((await this.kv.get(keys.llmTokensTotal())) ?? 0);
    this.deploymentTotal = total;
    return total;
  }

  snapshot(): TokenSnapshot {
    const copy = (u: TokenUsage): TokenUsage => ({ prompt: u.prompt, completion: u.completion, total: u.total });
    return {
      sinceStart: { router: copy(this.sinceStart.router), moderation: copy(this.sinceStart.moderation), summary: copy(this.sinceStart.summary) },
      deploymentTotal: this.deploymentTotal,
    };
  }
}

/** Reads `usage` from an OpenAI response; undefined when it is missing or malformed. */
export function usageOf(response: { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown } | null | undefined }): TokenUsage | undefined {
  const u = response.usage;
  if (!u) return undefined;
  const n = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
  const prompt = n(u.prompt_tokens);
  const completion = n(u.completion_tokens);
  return { prompt, completion, total: n(u.total_tokens) || prompt + completion };
}
