import { createServer, type IncomingMessage, type Server } from "node:http";
import { randomUUID } from "node:crypto";

export interface FakeServer<T> {
  readonly url: string;
  readonly received: T[];
  /** Status the next requests are answered with. */
  status: number;
  close(): Promise<void>;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  return body;
}

async function start<T>(handle: (req: IncomingMessage, body: string, server: FakeServer<T>) => { status: number; json: unknown; record?: T }): Promise<FakeServer<T>> {
  let server!: Server;
  const fake: FakeServer<T> = {
    url: "",
    received: [],
    status: 200,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
    waitFor: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (fake.received.length < count) {
        if (Date.now() > deadline) throw new Error(`fake server got ${fake.received.length} requests, expected ${count}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return fake.received;
    },
  };
  server = createServer((req, res) => {
    readBody(req).then((body) => {
      const { status, json, record } = handle(req, body, fake);
      if (record !== undefined) fake.received.push(record);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  (fake as { url: string }).url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return fake;
}

/** A Slack-compatible incoming webhook on loopback, recording every JSON body posted. */
export function startFakeWebhook(): Promise<FakeServer<{ path: string; contentType: string | undefined; body: unknown }>> {
  return start((req, body, fake) => ({
    status: fake.status,
    json: fake.status < 300 ? { ok: true } : { ok: false },
    record: { path: req.url ?? "", contentType: req.headers["content-type"], body: JSON.parse(body) as unknown },
  }));
}

/** The part of Twilio's REST API that sends a message: POST /2010-04-01/Accounts/{sid}/Messages.json. */
export function startFakeTwilio(): Promise<FakeServer<{ to: string; body: string; from: string | null }>> {
  return start((req, body, fake) => {
    const form = new URLSearchParams(body);
    if (req.method !== "POST" || !/^\/2010-04-01\/Accounts\/AC\w+\/Messages\.json$/.test(req.url ?? "")) {
      return { status: 404, json: { code: 20404, message: "not found", status: 404 } };
    }
    if (fake.status >= 300) return { status: fake.status, json: { code: 30001, message: "queue overflow", status: fake.status } };
    const sid = `SM${randomUUID().replaceAll("-", "")}`;
    return {
      status: 201,
      json: { sid, status: "queued", to: form.get("To"), from: form.get("From"), body: form.get("Body"), num_segments: "1", direction: "outbound-api" },
      record: { to: form.get("To") ?? "", body: form.get("Body") ?? "", from: form.get("From") },
    };
  });
}

/** Environment that points the bot's real Twilio client at a fake server. */
export function twilioEnv(fakeUrl: string): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
    TWILIO_AUTH_TOKEN: "test-auth-token",
    TWILIO_FROM_NUMBER: "+15550100199",
    TWILIO_API_BASE_URL: fakeUrl,
  };
}

/** The one-time code in the newest verification text to `to` (a web number is confirmed before the clinic calls or texts it). */
export async function textedCode(twilio: { readonly received: readonly { to: string; body: string }[] }, to: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = [...twilio.received].reverse().find((m) => m.to === to && /\bcode is \d{6}\b/.test(m.body));
    if (text) return /\bcode is (\d{6})\b/.exec(text.body)![1]!;
    if (Date.now() > deadline) throw new Error(`no code was texted to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
