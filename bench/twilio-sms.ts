/**
 * Latency of `POST /twilio/sms` under load: autocannon, 50 connections, 10 s, on loopback,
 * every request a new MessageSid with a valid X-Twilio-Signature (a replayed MessageSid
 * would be answered from the idempotency record and measure nothing).
 *
 *   npx tsx bench/twilio-sms.ts            # in-memory store
 *   npx tsx bench/twilio-sms.ts --redis    # Redis at redis://127.0.0.1:6379 (or --redis=redis://host:port)
 *   npx tsx bench/twilio-sms.ts --connections=50 --duration=10
 */
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { createClient } from "redis";
import twilio from "twilio";
import { parseConfig } from "../src/config.js";
import { createApp } from "../src/app.js";
import { loadContent } from "../src/content.js";
import { createLogger } from "../src/logging/logger.js";
import { smsWording } from "../src/channels/sms/sms-wording.js";
import { analyseSms } from "../src/text/gsm7.js";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k ?? "", v ?? "true"] as const;
  }),
);
const connections = Number(args.get("connections") ?? 50);
const duration = Number(args.get("duration") ?? 10);
const redis = args.get("redis");
const redisUrl = redis === undefined ? undefined : redis === "true" ? "redis://127.0.0.1:6379" : redis;

const ACCOUNT_SID = `AC${"be".repeat(16)}`;
const AUTH_TOKEN = "bench-auth-token-0123456789abcdef";
const PUBLIC_BASE_URL = "https://bot.clinic.example";
const QUESTIONS = [
  "how long do the effects last?",
  "what are the side effects",
  "is it safe",
  "how many treatments would i need",
  "hello",
  "what is treatment resistant depression",
  "how does it work",
  "thanks",
];
const PHONES = Array.from({ length: 2000 }, (_, i) => `+1555${String(1_000_000 + i)}`);

const prefix = `bench:${randomBytes(4).toString("hex")}:`;
const config = parseConfig({
  NODE_ENV: "production",
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "silent",
  PUBLIC_BASE_URL,
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_FROM_NUMBER: "+15550100199",
  ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {}),
});
const content = loadContent(config);
const app = await createApp(config, content, { logger: createLogger("silent") });
const port = await app.listen();

let n = 0;
/** A fresh, signed inbound message for every request. */
function nextMessage(): { body: string; signature: string } {
  const i = n++;
  const form: Record<string, string> = {
    MessageSid: `SM${randomBytes(16).toString("hex")}`,
    AccountSid: ACCOUNT_SID,
    From: PHONES[i % PHONES.length] ?? "+15551000000",
    To: "+15550100199",
    Body: QUESTIONS[i % QUESTIONS.length] ?? "hello",
    NumMedia: "0",
    ApiVersion: "2010-04-01",
  };
  return { body: new URLSearchParams(form).toString(), signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/twilio/sms`, form) };
}

const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections,
  duration,
  requests: [
    {
      method: "POST",
      path: "/twilio/sms",
      setupRequest: (request) => {
        const { body, signature } = nextMessage();
        return { ...request, body, headers: { ...request.headers, "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature } };
      },
    },
  ],
});

await app.close();
if (redisUrl) await deletePrefix(redisUrl, prefix);

const help = smsWording(content.wording).en.help;
const summary = {
  store: app.store.kind,
  connections,
  durationS: duration,
  requests: result.requests.total,
  rps: Math.round(result.requests.average),
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  helpText: help,
  helpSms: analyseSms(help),
};
console.log(JSON.stringify(summary, null, 2));
console.log(
  `POST /twilio/sms (${summary.store} store, ${connections} connections, ${duration} s): median ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, ${summary.rps} req/s, ${summary.non2xx} non-2xx, ${summary.errors} errors`,
);
process.exit(summary.non2xx > 0 || summary.errors > 0 ? 1 : 0);

/** Removes what the run wrote to Redis. */
async function deletePrefix(url: string, keyPrefix: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  for await (const batch of client.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 1000 })) if (batch.length > 0) await client.del(batch);
  await client.close();
}
