import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

/**
 * The default model for routing and staff summaries: the current small model of the GPT-5.4
 * generation as the installed `openai` SDK lists it (`ChatModel`, SDK 6.49). Routing is a
 * choice among a few dozen ids, so a small model is enough; `gpt-5.4-nano` is cheaper and
 * faster still, `gpt-5.4-mini-2026-03-17` pins the snapshot (docs/openai.md). Kept here, not in
 * src/llm/, so configuration imports no feature folder (src/llm/ imports the config).
 */
export const DEFAULT_OPENAI_MODEL = "gpt-5.4-mini";

/** `reasoning_effort` values we pass on; `low` is supported by every reasoning model. */
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high"] as const;
import { parseTrustProxy } from "./http/client-ip.js";

/**
 * The environment, parsed once at start-up. Nothing else in `src/` reads `process.env`.
 * A bad value stops start-up with one line per bad variable (see {@link ConfigError}).
 */

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = optionalString.pipe(z.url({ message: "must be a URL such as https://example.com" }).optional());

const list = optionalString.transform((v) =>
  v === undefined
    ? []
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
);

const e164 = /^\+[1-9]\d{6,14}$/;

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    PUBLIC_BASE_URL: optionalUrl,
    /** Worker processes sharing the port (node:cluster); more than one needs REDIS_URL. */
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

    CLINIC_PROFILE: z.string().default("clinic/clinic.yaml"),

    /** One Redis, or the nodes of a Redis Cluster separated by commas. */
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .refine((v) => v.split(",").every((u) => /^rediss?:\/\/\S+$/.test(u.trim())), {
          message: "must start with redis:// or rediss:// (the nodes of a cluster: several such URLs, comma-separated)",
        })
        .optional(),
    ),
    /** Use the cluster client: `true`, `false`, or unset to decide by the number of URLs in REDIS_URL. */
    REDIS_CLUSTER: z
      .enum(["true", "false", "1", "0", "yes", "no", ""])
      .optional()
      .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1" || v === "yes")),
    REDIS_KEY_PREFIX: z.string().min(1).default("kcb:"),
    /** Redis command timeout: a slow Redis must not pile up turns. */
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(1500),

    TRANSCRIPT_RETENTION_DAYS: z.coerce.number().int().positive().max(3650).default(30),
    /** Turn events and daily insight counters (no message text) are kept this long. */
    INSIGHTS_RETENTION_DAYS: z.coerce.number().int().positive().max(3650).default(400),
    /** FAQ entries whose `reviewed` date is older than this are listed for re-review in the console. */
    KB_REVIEW_MAX_AGE_DAYS: z.coerce.number().int().positive().max(3650).default(180),
    /** The staff audit log is kept this long (by age, never by count); HIPAA expects six years. */
    AUDIT_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(2190, { message: "must be at least 2190 (six years: HIPAA keeps such records six years)" })
      .max(36500)
      .default(2190),
    /**
     * A local folder for crisis handoffs, transcripts and opt-outs that could not be written to
     * the store (down or stalled); they are written when it answers again.
     */
    SPOOL_DIR: optionalString,

    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_FROM_NUMBER: optionalString.pipe(z.string().regex(e164, { message: "must be E.164, e.g. +15551234567" }).optional()),
    TWILIO_MESSAGING_SERVICE_SID: optionalString,
    /**
     * How Twilio treats STOP, START and HELP on the clinic's number (docs/sms.md): `twilio-default`
     * (a plain number: Twilio answers the standard keywords itself), `advanced-opt-out` (a Messaging
     * Service with Advanced Opt-Out: Twilio flags the service's keywords) or `none` (a short code
     * outside a Messaging Service: the bot answers every keyword).
     */
    TWILIO_KEYWORDS: z.enum(["twilio-default", "advanced-opt-out", "none"]).default("twilio-default"),
    /** Only for tests and special set-ups: where the Twilio REST client sends requests. */
    TWILIO_API_BASE_URL: optionalUrl,

    STAFF_ALERT_NUMBERS: list.pipe(z.array(z.string().regex(e164, { message: "each number must be E.164" }))),
    STAFF_ALERT_WEBHOOK_URL: optionalUrl,
    /** Alert staff (the same SMS numbers and webhook) on every new, moved or cancelled consult call. */
    BOOKING_ALERTS: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
    STAFF_BOOTSTRAP_EMAIL: optionalString.pipe(z.email({ message: "must be an email address" }).optional()),
    STAFF_BOOTSTRAP_PASSWORD: optionalString.pipe(z.string().min(12, { message: "must be at least 12 characters" }).optional()),
    STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),

    SCHEDULER: z.enum(["builtin", "calcom"]).default("builtin"),
    CALCOM_API_KEY: optionalString,
    CALCOM_EVENT_TYPE_ID: optionalString.pipe(z.string().regex(/^\d+$/, { message: "must be a number" }).transform(Number).optional()),
    CALCOM_BASE_URL: z.url().default("https://api.cal.com"),

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl,
    /** Routing and summaries; see src/llm/model-settings.ts for why this one. */
    OPENAI_MODEL: z.string().trim().min(1).default(DEFAULT_OPENAI_MODEL),
    /** Reasoning models only (o-series, GPT-5): how long the model thinks before answering. */
    OPENAI_REASONING_EFFORT: z.enum(REASONING_EFFORTS).default("low"),
    OPENAI_ROUTER_TIMEOUT_MS: z.coerce.number().int().positive().default(2500),
    /** With a key set, the router is on unless this is false (moderation and summaries alone). */
    OPENAI_ROUTER: z
      .enum(["true", "false", "1", "0", "yes", "no", ""])
      .optional()
      .transform((v) => v === undefined || v === "" || v === "true" || v === "1" || v === "yes"),
    OPENAI_MODERATION: bool,
    OPENAI_SUMMARIES: bool,

    ALLOWED_ORIGINS: list.pipe(
      z.array(
        z.string().regex(/^https?:\/\/[^/\s?#]+\/?$/i, { message: "each must be an origin: scheme and host, e.g. https://clinic.example (no path)" }),
      ),
    ),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
    /**
     * Which proxies' X-Forwarded-For is believed for the client's address (rate limits, sign-in
     * delays, connection caps): `loopback` (default), `false`, a hop count, or proxy addresses/CIDRs.
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .default("loopback")
      .refine(
        (v) => {
          try {
            parseTrustProxy(v);
            return true;
          } catch {
            return false;
          }
        },
        { message: "must be loopback, false, a number of proxy hops, or comma-separated proxy addresses or CIDR ranges (e.g. 10.0.0.0/8)" },
      ),
    /** Consult slots one conversation may hold per hour (one web address: five times that). */
    BOOKING_HOLDS_PER_HOUR: z.coerce.number().int().positive().default(12),
    /** Open HTTP connections one address (IPv6: one /64) may hold; trusted proxies are not counted. */
    MAX_CONNECTIONS_PER_IP: z.coerce.number().int().positive().default(64),
    /** Time a connection has to send its request headers (slowloris, and a connection that sends nothing); under the 30 s request limit. */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(29_000).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.PUBLIC_BASE_URL) {
      ctx.addIssue({ code: "custom", path: ["PUBLIC_BASE_URL"], message: "is required in production" });
    }
    if (env.NODE_ENV === "production" && env.STAFF_ALERT_NUMBERS.length === 0 && !env.STAFF_ALERT_WEBHOOK_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["STAFF_ALERT_NUMBERS"],
        message: "or STAFF_ALERT_WEBHOOK_URL is required in production: crisis alerts must reach a person, not only the log",
      });
    }
    const redisNodes = env.REDIS_URL?.split(",").filter((u) => u.trim() !== "").length ?? 0;
    if (env.REDIS_CLUSTER === false && redisNodes > 1) {
      ctx.addIssue({ code: "custom", path: ["REDIS_CLUSTER"], message: `is false but REDIS_URL lists ${redisNodes} nodes: several nodes are a cluster (set REDIS_CLUSTER=true or leave it unset)` });
    }
    if (env.REDIS_CLUSTER === true && !env.REDIS_URL) {
      ctx.addIssue({ code: "custom", path: ["REDIS_CLUSTER"], message: "is true but REDIS_URL is not set (give one or more cluster nodes)" });
    }
    if (env.WEB_CONCURRENCY > 1 && !env.REDIS_URL) {
      ctx.addIssue({ code: "custom", path: ["WEB_CONCURRENCY"], message: "above 1 needs REDIS_URL (processes share everything through Redis)" });
    }
    if (env.SCHEDULER === "calcom") {
      if (!env.CALCOM_API_KEY) ctx.addIssue({ code: "custom", path: ["CALCOM_API_KEY"], message: "is required when SCHEDULER=calcom" });
      if (!env.CALCOM_EVENT_TYPE_ID)
        ctx.addIssue({ code: "custom", path: ["CALCOM_EVENT_TYPE_ID"], message: "is required when SCHEDULER=calcom" });
    }
    if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN && env.NODE_ENV !== "development") {
      ctx.addIssue({ code: "custom", path: ["TWILIO_AUTH_TOKEN"], message: "is required when TWILIO_ACCOUNT_SID is set (outside development)" });
    }
    if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_FROM_NUMBER && !env.TWILIO_MESSAGING_SERVICE_SID) {
      ctx.addIssue({
        code: "custom",
        path: ["TWILIO_FROM_NUMBER"],
        message: "or TWILIO_MESSAGING_SERVICE_SID is required when TWILIO_ACCOUNT_SID is set",
      });
    }
  });

export type Env = z.output<typeof envSchema>;

/** Where the Redis store is: one server, or the seed nodes of a Redis Cluster. */
export interface RedisTarget {
  /** Every URL of REDIS_URL; a cluster client discovers the other nodes from any one of them. */
  readonly urls: readonly string[];
  /** REDIS_CLUSTER, or, when unset, whether REDIS_URL lists several nodes. */
  readonly cluster: boolean;
}

/** The application's configuration, derived from the environment. */
export interface Config extends Env {
  /** PUBLIC_BASE_URL without a trailing slash, defaulting to http://localhost:PORT. */
  readonly publicBaseUrl: string;
  readonly store: "memory" | "redis";
  /** SPOOL_DIR, or `var/spool` in the working folder (a fresh temporary folder under NODE_ENV=test). */
  readonly spoolDir: string;
  /** Set when REDIS_URL is. */
  readonly redis?: RedisTarget;
}

/** Start-up stops with this when the environment is wrong; `message` names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment (normally `process.env`). Throws {@link ConfigError}. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(environment)";
      const value = env[name];
      const shown = value === undefined ? "" : ` (got ${JSON.stringify(isSecret(name) ? "***" : value)})`;
      return `${name} ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const parsed = result.data;
  const publicBaseUrl = (parsed.PUBLIC_BASE_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, "");
  const spoolDir = parsed.SPOOL_DIR ?? (parsed.NODE_ENV === "test" ? join(tmpdir(), `kcb-spool-${randomUUID()}`) : join("var", "spool"));
  const urls = parsed.REDIS_URL?.split(",").map((u) => u.trim()).filter(Boolean) ?? [];
  const redis = urls.length > 0 ? { urls, cluster: parsed.REDIS_CLUSTER ?? urls.length > 1 } : undefined;
  return { ...parsed, publicBaseUrl, spoolDir, store: redis ? "redis" : "memory", ...(redis ? { redis } : {}) };
}

function isSecret(name: string): boolean {
  return /TOKEN|KEY|PASSWORD|SECRET/.test(name);
}
