/**
 * `npm run bench:crisis`: how long a person in crisis waits for the crisis reply, and staff for
 * the alert, when nothing is wrong, during a flood of websocket history frames, and while Redis
 * is stalled (DEBUG SLEEP) or down.
 *
 * The bot runs as a real process on a Redis server of its own (so it can be stalled and stopped
 * without touching the shared one); its staff alerts go to a webhook on loopback that records
 * when each one arrives. Each scenario sends `--samples` crisis messages, each from a new visitor,
 * one after the other, and prints the median, p95 and worst time to the reply and to the alert.
 *
 *   npm run bench:crisis
 *   npm run bench:crisis -- --samples=20 --stall-ms=3000
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type Server } from "node:http";
import { resolve } from "node:path";
import WebSocket from "ws";
import { freePort, OwnRedis } from "../tests/helpers/redis-server.js";

const ROOT = resolve(import.meta.dirname, "..");
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k ?? "", v ?? "true"] as const;
  }),
);
const SAMPLES = Number(args.get("samples") ?? 15);
const STALL_MS = Number(args.get("stall-ms") ?? 3000);
const CRISIS = "i want to kill myself tonight";

interface Timing {
  readonly replyMs: number;
  readonly alertMs: number;
}

async function main(): Promise<void> {
  // A redis-server of the bench's own (the test helper's), so it can be stalled and stopped.
  const redis = await OwnRedis.start();

  const alerts: number[] = [];
  const hook = await startWebhook(alerts);
  const port = await freePort();
  const bot = await startBot(port, {
    REDIS_URL: redis.url,
    REDIS_COMMAND_TIMEOUT_MS: "300",
    STAFF_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as { port: number }).port}/alerts`,
    RATE_LIMIT_PER_MINUTE: "100000",
  });
  const url = `http://127.0.0.1:${port}`;
  const rows: Record<string, string | number>[] = [];
  try {
    await crisisTurn(url, alerts); // warm-up
    rows.push(row("quiet", await sample(url, alerts)));

    const flood = await startHistoryFlood(url);
    rows.push(row(`history flood (3 sockets, ${flood.rate()} frames/s)`, await sample(url, alerts)));
    flood.stop();

    const stalled: Timing[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      await redis.sleep(STALL_MS);
      stalled.push(await crisisTurn(url, alerts));
      await new Promise((r) => setTimeout(r, STALL_MS));
    }
    rows.push(row(`Redis stalled (DEBUG SLEEP ${STALL_MS / 1000} s)`, stalled));

    await redis.stop();
    rows.push(row("Redis down", await sample(url, alerts)));
    await redis.startServer();

    console.log(`crisis reply and staff alert, ${SAMPLES} crisis messages per scenario, each from a new visitor (ms)`);
    console.table(rows);
  } finally {
    bot.kill("SIGTERM");
    await redis.stop();
    hook.close();
  }
}

async function sample(url: string, alerts: number[]): Promise<Timing[]> {
  const out: Timing[] = [];
  for (let i = 0; i < SAMPLES; i++) out.push(await crisisTurn(url, alerts));
  return out;
}

/** One crisis message: time to the HTTP reply carrying the crisis resources, and to the webhook alert. */
async function crisisTurn(url: string, alerts: number[]): Promise<Timing> {
  const user = randomUUID();
  const before = alerts.length;
  const started = performance.now();
  const res = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text: CRISIS, user }) });
  const replies = (await res.json()) as { kind?: string }[];
  const replyMs = performance.now() - started;
  if (!replies.some((r) => r.kind === "crisis")) throw new Error(`no crisis reply: ${JSON.stringify(replies)}`);
  // Alerts carry no conversation id (no health details leave the bot): messages go one at a time,
  // so the next alert to arrive is this one's.
  for (let i = 0; i < 1000 && alerts.length <= before; i++) await new Promise((r) => setTimeout(r, 10));
  const at = alerts[before];
  return { replyMs, alertMs: at === undefined ? Number.NaN : at - started };
}

function row(scenario: string, timings: readonly Timing[]): Record<string, string | number> {
  const reply = timings.map((t) => t.replyMs).sort((a, b) => a - b);
  const alert = timings.map((t) => t.alertMs).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const q = (xs: number[], p: number) => (xs.length === 0 ? "-" : Math.round(xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!));
  return {
    scenario,
    "reply p50": q(reply, 0.5),
    "reply p95": q(reply, 0.95),
    "reply max": q(reply, 1),
    "alert p50": q(alert, 0.5),
    "alert p95": q(alert, 0.95),
    "alert max": q(alert, 1),
    alerted: `${alert.length}/${timings.length}`,
  };
}

/** Three websockets sending history frames as fast as the bot reads them. */
async function startHistoryFlood(url: string): Promise<{ stop(): void; rate(): number }> {
  const sockets = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<WebSocket>((ok, fail) => {
          const ws = new WebSocket(`${url.replace("http", "ws")}/ws`, { headers: { origin: url } });
          ws.once("open", () => ok(ws));
          ws.once("error", fail);
        }),
    ),
  );
  let sent = 0;
  let running = true;
  const started = performance.now();
  void (async () => {
    while (running) {
      for (const ws of sockets) {
        if (ws.readyState === ws.OPEN) {
          ws.send(JSON.stringify({ type: "history", user: randomUUID() }));
          sent++;
        }
      }
      await new Promise((r) => setImmediate(r));
    }
  })();
  await new Promise((r) => setTimeout(r, 500));
  return {
    stop: () => {
      running = false;
      for (const ws of sockets) ws.close();
    },
    rate: () => Math.round(sent / ((performance.now() - started) / 1000)),
  };
}

function startWebhook(alerts: number[]): Promise<Server> {
  const server = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += String(d)));
    req.on("end", () => {
      if (body.includes("URGENT")) alerts.push(performance.now());
      res.writeHead(204).end();
    });
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}




async function startBot(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 1500; i++) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}`);
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error("the bot did not start");
}


await main();
