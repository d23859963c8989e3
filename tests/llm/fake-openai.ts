import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

/**
 * A fake OpenAI-compatible server on 127.0.0.1 for tests: POST /v1/chat/completions and
 * POST /v1/moderations with the documented response shapes. It records every request body
 * and can answer late, never, with an error status, or with whatever a test scripts.
 */

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  /** The raw body as it arrived. */
  readonly raw: string;
  readonly json: unknown;
}

export type FakeReply =
  | { readonly status?: number; readonly json: unknown; readonly delayMs?: number; readonly headers?: Record<string, string> }
  | { readonly status?: number; readonly raw: string; readonly delayMs?: number }
  /** Accepts the request and never answers. */
  | { readonly hang: true };

export type FakeHandler = (request: RecordedRequest) => FakeReply;

export interface FakeOpenAi {
  /** Base URL for OPENAI_BASE_URL (ends in /v1). */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Requests to one path, e.g. "/v1/chat/completions". */
  requestsTo(path: string): RecordedRequest[];
  /** Sets how chat completions are answered (default: `{"id":"none"}`). */
  onChat(handler: FakeHandler): void;
  /** Sets how moderations are answered (default: nothing flagged). */
  onModeration(handler: FakeHandler): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  let chat: FakeHandler = () => ({ json: chatCompletion(JSON.stringify({ id: "none" })) });
  let moderation: FakeHandler = () => ({ json: moderationResult({}) });
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      const path = (req.url ?? "").split("?")[0] ?? "";
      const recorded: RecordedRequest = { method: req.method ?? "", path, headers: req.headers, raw, json };
      requests.push(recorded);
      let reply: FakeReply;
      if (req.method === "POST" && path === "/v1/chat/completions") reply = chat(recorded);
      else if (req.method === "POST" && path === "/v1/moderations") reply = moderation(recorded);
      else reply = { status: 404, json: { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error", code: null, param: null } } };
      if ("hang" in reply) return;
      const send = () => {
        if (res.destroyed) return;
        const status = reply.status ?? 200;
        if ("raw" in reply) {
          res.writeHead(status, { "content-type": "application/json" }).end(reply.raw);
        } else {
          res.writeHead(status, { "content-type": "application/json", ...(reply.headers ?? {}) }).end(JSON.stringify(reply.json));
        }
      };
      const delay = reply.delayMs ?? 0;
      if (delay > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, delay);
        timers.add(t);
      } else send();
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    onChat: (handler) => {
      chat = handler;
    },
    onModeration: (handler) => {
      moderation = handler;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Chat Completions response as documented (object "chat.completion"). */
export function chatCompletion(
  content: string | null,
  options: { finishReason?: string; refusal?: string | null; usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } } = {},
): unknown {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_700_000_000,
    model: "gpt-4o-mini-2024-07-18",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: options.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: options.finishReason ?? "stop",
      },
    ],
    usage: options.usage ?? { prompt_tokens: 420, completion_tokens: 7, total_tokens: 427 },
    service_tier: "default",
    system_fingerprint: "fp_test",
  };
}

const MODERATION_CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic",
] as const;

/** A Moderations response as documented; `flags` sets categories to true. */
export function moderationResult(flags: Partial<Record<(typeof MODERATION_CATEGORIES)[number], boolean>>): unknown {
  const categories = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, flags[c] === true]));
  const scores = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, flags[c] ? 0.93 : 0.0004]));
  const applied = Object.fromEntries(MODERATION_CATEGORIES.map((c) => [c, ["text"]]));
  return {
    id: "modr-test",
    model: "omni-moderation-latest",
    results: [
      {
        flagged: Object.values(flags).some(Boolean),
        categories,
        category_scores: scores,
        category_applied_input_types: applied,
      },
    ],
  };
}

/** An error body as the API sends it. */
export function apiError(status: number, message: string): FakeReply {
  const type = status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
  return { status, json: { error: { message, type, param: null, code: type } } };
}
