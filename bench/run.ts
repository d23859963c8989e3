/**
 * `npm run bench`: the bot as a real process on the real Redis, measured with autocannon on
 * loopback at 50 connections, next to a bare Express echo route in the same run.
 *
 * Prints: throughput, median and p99 latency and RSS for FAQ turns (a new visitor per request
 * and returning visitors), signed /twilio/sms turns and the echo route, each with its ratio to
 * the echo route; start-up time to the first answer; RSS after 10,000 conversations; a booking
 * burst (100 concurrent bookings on 20 slots). Goals are checked and shown; the exit code is
 * 0 either way (benchmarks inform, tests decide). Throughput is steady state: the echo route and
 * the bot are each loaded for a few seconds (`--warmup`) before the load that counts, and the
 * bot's first seconds after start-up are shown as a row of their own.
 *
 * The bot runs as `npm start` runs it: node with the start script's flags (a heap limit) on the
 * compiled dist/main.js (built first when stale, which also trains the classifiers). A row
 * per change compares it, in the same run, with what it replaced: start-up and RSS of the old
 * `tsx src/main.ts` start, and FAQ turns whose text was never seen (no ranking memo hits).
 *
 *   npm run bench                       # 10 s per load, REDIS_URL or redis://127.0.0.1:6379
 *   npm run bench -- --duration=5 --connections=50 --processes=2 --starts=3 --warmup=5
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { createClient } from "redis";
import twilio from "twilio";
import { runBookingBurst } from "./booking-burst.js";
import { startArgs } from "../tests/helpers/start-command.js";
import { loadDevSet } from "../src/eval/dev-set.js";

const INTENTS = new Set(["greeting", "book", "reschedule", "cancel", "human", "thanks", "goodbye", "yes", "no", "help"]);

const ROOT = resolve(import.meta.dirname, "..");
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k ?? "", v ?? "true"] as const;
  }),
);
const DURATION = Number(args.get("duration") ?? 10);
const CONNECTIONS = Number(args.get("connections") ?? 50);
const PROCESSES = Number(args.get("processes") ?? 1);
/** How many times the bot is started to time its start-up (the median is reported). */
const STARTS = Number(args.get("starts") ?? 3);
/** Seconds each server is loaded before the load that counts (the bot's are shown as their own row). */
const WARMUP = Number(args.get("warmup") ?? 5);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `bench:${randomBytes(4).toString("hex")}:`;
const AUTH_TOKEN = "bench-auth-token-0123456789abcdef";
const ACCOUNT_SID = `AC${"be".repeat(16)}`;

/** Realistic questions: the FAQ messages of the labelled dev set (typos, shorthand, stories), not a few repeated lines. */
const FAQ_QUESTIONS = loadDevSet(resolve(ROOT, "eval/faq-dev.yaml"))
  .filter((item) => !item.context && typeof item.expect === "string" && item.expect !== "none" && !INTENTS.has(item.expect))
  .map((item) => item.text);

interface Row {
  load: string;
  "req/s": number;
  "p50 ms": number;
  "p99 ms": number;
  "RSS MB": number;
  "vs echo": string;
  errors: number;
}

async function main(): Promise<void> {
  await checkRedis();
  const port = await freePort();
  const publicBaseUrl = `http://127.0.0.1:${port}`;
  const env = {
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    PUBLIC_BASE_URL: publicBaseUrl,
    LOG_LEVEL: "warn",
    REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    RATE_LIMIT_PER_MINUTE: "10000000",
    WEB_CONCURRENCY: String(PROCESSES),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: "+15550100199",
    // Nothing leaves the machine: outbound texts would go here, and nothing listens.
    TWILIO_API_BASE_URL: "http://127.0.0.1:9",
    // Production requires a staff alert channel; nothing listens here either (FAQ load raises no alerts).
    STAFF_ALERT_WEBHOOK_URL: "http://127.0.0.1:9/alerts",
  };

  console.log(`bench: ${PROCESSES} bot process(es), ${CONNECTIONS} connections, ${DURATION} s per load, Redis ${REDIS_URL} (prefix ${PREFIX}), ${FAQ_QUESTIONS.length} distinct FAQ questions`);
  execFileSync(process.execPath, ["scripts/build.mjs", "--if-stale"], { cwd: ROOT, stdio: "inherit" });
  const echo = await startProcess(["--import", "tsx", "bench/echo-server.ts"], {}, /"port":(\d+)/);

  // Before: the server as it used to start (tsx compiling src/ on the fly), in the same run.
  const oldPort = await freePort();
  const oldStarted = performance.now();
  const old = await startProcess(["--import", "tsx", "src/main.ts"], { ...env, PORT: String(oldPort), PUBLIC_BASE_URL: `http://127.0.0.1:${oldPort}` }, /"port":(\d+)/);
  const oldStartupMs = await firstAnswer(`http://127.0.0.1:${oldPort}`, oldStarted);
  const oldRss = rssMb(old.child.pid!);
  await stop(old.child);

  // Start-up is timed on three starts (one start varies by a few hundred ms with what else the
  // machine is doing): the median is the figure, the spread is shown; the last start stays up for the loads.
  const starts: number[] = [];
  let bot: Awaited<ReturnType<typeof startProcess>> | undefined;
  for (let i = 0; i < STARTS; i++) {
    if (bot) await stop(bot.child);
    const started = performance.now();
    bot = await startProcess(startArgs(), env, /"port":(\d+)/);
    starts.push(await firstAnswer(publicBaseUrl, started));
  }
  if (!bot) throw new Error("the bot did not start");
  const startupToFirstAnswerMs = [...starts].sort((a, b) => a - b)[Math.floor(starts.length / 2)]!;
  const startedRss = rssMb(bot.child.pid!);
  const rows: Row[] = [];
  try {
    // Steady state: each server is loaded for WARMUP seconds (JIT, connections, memos) before the
    // load that counts. The bot's first seconds after start-up are a row of their own.
    await load(`http://127.0.0.1:${echo.port}/echo`, () => webBody(randomUUID()), "application/json", { duration: WARMUP });
    const echoResult = await load(`http://127.0.0.1:${echo.port}/echo`, () => webBody(randomUUID()), "application/json");
    const echoRps = echoResult.requests.average;
    const push = (name: string, r: autocannon.Result, pid: number) =>
      rows.push({
        load: name,
        "req/s": Math.round(r.requests.average),
        "p50 ms": r.latency.p50,
        "p99 ms": r.latency.p99,
        "RSS MB": rssMb(pid),
        "vs echo": `${Math.round((r.requests.average / echoRps) * 100)}%`,
        errors: r.errors + r.non2xx,
      });
    push("echo route (bare Express)", echoResult, echo.child.pid!);

    const cold = await load(`${publicBaseUrl}/api/messages`, () => webBody(randomUUID()), "application/json", { duration: WARMUP });
    push("FAQ turn, new visitor each request", await load(`${publicBaseUrl}/api/messages`, () => webBody(randomUUID()), "application/json"), bot.child.pid!);
    push(`  the same, the first ${WARMUP} s after start-up (not warmed)`, cold, bot.child.pid!);
    push(
      "  before the ranking memo: same, text never seen",
      await load(`${publicBaseUrl}/api/messages`, () => webBody(randomUUID(), true), "application/json"),
      bot.child.pid!,
    );

    const returning = Array.from({ length: CONNECTIONS * 4 }, () => randomUUID());
    let n = 0;
    push(
      "FAQ turn, returning visitors",
      await load(`${publicBaseUrl}/api/messages`, () => webBody(returning[n++ % returning.length]!), "application/json"),
      bot.child.pid!,
    );

    push(
      "signed /twilio/sms turn",
      await load(`${publicBaseUrl}/twilio/sms`, (req) => smsRequest(publicBaseUrl, req), "application/x-www-form-urlencoded"),
      bot.child.pid!,
    );

    const conversationsSoFar = await countConversations();
    const more = Math.max(0, 10_000 - conversationsSoFar);
    if (more > 0) await load(`${publicBaseUrl}/api/messages`, () => webBody(randomUUID()), "application/json", { amount: more });
    const conversations = await countConversations();
    const rssAfter = rssMb(bot.child.pid!);

    const burst = await runBookingBurst({ redisUrl: REDIS_URL, prefix: `${PREFIX}burst:`, attempts: 100, slots: 20 });

    console.table(rows);
    console.table([
      {
        start: `node ${startArgs().join(" ")} (npm start), median of ${starts.length} starts (${starts.map((ms) => Math.round(ms)).join(", ")} ms)`,
        "to first answer ms": Math.round(startupToFirstAnswerMs),
        "RSS after first answer MB": startedRss,
      },
      { start: "  before: tsx src/main.ts", "to first answer ms": Math.round(oldStartupMs), "RSS after first answer MB": oldRss },
    ]);
    const faq = rows[1]!;
    const goals = [
      ["FAQ throughput vs bare echo", faq["vs echo"], ">= 40%", parseInt(faq["vs echo"], 10) >= 40],
      ["FAQ p99 latency (ms)", faq["p99 ms"], "<= 50", faq["p99 ms"] <= 50],
      ["start-up to first answer (ms)", Math.round(startupToFirstAnswerMs), "<= 2000", startupToFirstAnswerMs <= 2000],
      [`RSS after ${conversations} conversations (MB)`, rssAfter, "<= 200", rssAfter <= 200],
      [`booking burst: ${burst.attempts} concurrent bookings on ${burst.slots} slots`, `${burst.booked} booked`, `exactly ${burst.slots}`, burst.booked === burst.slots],
    ].map(([figure, value, goal, met]) => ({ figure, value, goal, met: met ? "yes" : "NO" }));
    console.table(goals);
    console.table(await (await import("./events.js")).measureEventRecording({ redisUrl: REDIS_URL, prefix: `${PREFIX}events:` }));
  } finally {
    await Promise.all([stop(bot.child), stop(echo.child)]);
    await deletePrefix();
  }
}

/** A FAQ message from a visitor; `unseen` adds a fresh number so that no text repeats (no memo hits). */
function webBody(user: string, unseen = false): string {
  const question = FAQ_QUESTIONS[Math.floor(Math.random() * FAQ_QUESTIONS.length)]!;
  const text = unseen ? `${question} ${randomBytes(3).readUIntBE(0, 3)}` : question;
  return JSON.stringify({ type: "message", text, user });
}

/** A Twilio inbound webhook with a fresh MessageSid and a valid signature. */
function smsRequest(publicBaseUrl: string, req: autocannon.Request): autocannon.Request {
  const params: Record<string, string> = {
    MessageSid: `SM${randomBytes(16).toString("hex")}`,
    AccountSid: ACCOUNT_SID,
    From: `+1555${String(1_000_000 + Math.floor(Math.random() * 5000))}`,
    To: "+15550100199",
    Body: FAQ_QUESTIONS[Math.floor(Math.random() * FAQ_QUESTIONS.length)]!,
    NumMedia: "0",
  };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicBaseUrl}/twilio/sms`, params);
  return { ...req, body: new URLSearchParams(params).toString(), headers: { ...req.headers, "x-twilio-signature": signature } };
}

async function load(
  url: string,
  body: ((req: autocannon.Request) => string | autocannon.Request) | (() => string),
  contentType: string,
  extra: Partial<autocannon.Options> = {},
): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { "content-type": contentType },
    requests: [
      {
        setupRequest: (req) => {
          const made = (body as (r: autocannon.Request) => string | autocannon.Request)(req);
          return typeof made === "string" ? { ...req, body: made } : made;
        },
      },
    ],
    ...extra,
  });
}

async function firstAnswer(url: string, since: number): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: webBody(randomUUID()) });
      if (res.ok) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startProcess(argv: string[], env: Record<string, string>, portPattern: RegExp): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr!.on("data", (d) => (output += String(d)));
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stdout!.on("data", (d) => {
      output += String(d);
      const m = portPattern.exec(output);
      if (m) resolvePort(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`${argv.join(" ")} exited with ${code}:\n${output}`)));
    // The bot logs at warn level here, so its start line is absent: poll the port instead.
    if (env.PORT) waitForPort(Number(env.PORT)).then(() => resolvePort(Number(env.PORT)), reject);
  });
  return { child, port };
}

/** Polls until the port answers; generous, since a start on a loaded machine can take many seconds. */
async function waitForPort(port: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing answered on port ${port} in ${timeoutMs / 1000} s`);
}

/** RSS of a process and its children (the cluster workers when --processes > 1). */
function rssMb(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  const kb = [pid, ...children].reduce((sum, p) => sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0), 0);
  return Math.round(kb / 1024);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function withRedis<T>(fn: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const client = createClient({ url: REDIS_URL });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

async function checkRedis(): Promise<void> {
  await withRedis((c) => c.ping()).catch((err: unknown) => {
    throw new Error(`npm run bench needs Redis at ${REDIS_URL}: ${(err as Error).message}`);
  });
}

async function countConversations(): Promise<number> {
  return withRedis(async (c) => {
    let n = 0;
    for await (const batch of c.scanIterator({ MATCH: `${PREFIX}conv:*:state`, COUNT: 1000 })) n += batch.length;
    return n;
  });
}

async function deletePrefix(): Promise<void> {
  await withRedis(async (c) => {
    for await (const batch of c.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) if (batch.length) await c.del(batch);
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once("exit", () => r());
    child.kill("SIGTERM");
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
