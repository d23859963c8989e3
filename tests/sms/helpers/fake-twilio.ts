import { createServer, type IncomingMessage, type Server } from "node:http";
import { randomBytes } from "node:crypto";

/** One request the fake Twilio API received. */
export interface FakeTwilioRequest {
  readonly method: string;
  readonly path: string;
  readonly form: Record<string, string>;
  readonly authorization: string | undefined;
}

/** A scripted answer: an HTTP status and a JSON body (Twilio's error shape for 4xx/5xx). */
export interface FakeTwilioResponse {
  readonly status: number;
  readonly body?: Record<string, unknown>;
  /**
   * Queue the message first, then answer `status` anyway: Twilio accepted the text but the
   * answer says otherwise (a 5xx after the write, a proxy timing out).
   */
  readonly accept?: boolean;
  /** Read the whole request, queue the message, then cut the connection without answering. */
  readonly dropAfterAccepting?: boolean;
}

/** Twilio's documented error body. */
export function twilioError(status: number, code: number, message: string): FakeTwilioResponse {
  return { status, body: { code, message, status, more_info: `https://www.twilio.com/docs/errors/${code}` } };
}

/**
 * A small stand-in for Twilio's Messages API on 127.0.0.1: `POST
 * /2010-04-01/Accounts/{Sid}/Messages.json` answers 201 with a message resource, or the
 * next scripted response.
 */
export class FakeTwilioApi {
  readonly requests: FakeTwilioRequest[] = [];
  /** Messages the fake queued for delivery: what the recipient's phone would receive. */
  readonly queued: FakeTwilioRequest[] = [];
  private readonly script: FakeTwilioResponse[] = [];
  private server: Server | undefined;
  url = "";

  /** Answers the next requests with these, in order; then 201 again. */
  respondWith(...responses: FakeTwilioResponse[]): void {
    this.script.push(...responses);
  }

  /** Requests that created a message. */
  get creates(): FakeTwilioRequest[] {
    return this.requests.filter((r) => r.method === "POST" && /\/Messages\.json$/.test(r.path));
  }

  /** Listens on `port` (a free one when 0). */
  async start(port = 0): Promise<string> {
    this.server = createServer(async (req, res) => {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      const path = new URL(req.url ?? "/", "http://x").pathname;
      this.requests.push({ method: req.method ?? "", path, form, authorization: req.headers.authorization });
      const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(path);
      if (req.method !== "POST" || !match) return send(res, 404, { code: 20404, message: "The requested resource was not found", status: 404 });
      const scripted = this.script.shift();
      if (scripted?.accept || scripted?.dropAfterAccepting) this.queued.push(this.requests.at(-1)!);
      if (scripted?.dropAfterAccepting) return void req.socket.destroy();
      if (scripted) return send(res, scripted.status, scripted.body ?? {});
      this.queued.push(this.requests.at(-1)!);
      const sid = `SM${randomBytes(16).toString("hex")}`;
      send(res, 201, {
        sid,
        account_sid: match[1],
        to: form.To,
        from: form.From ?? null,
        messaging_service_sid: form.MessagingServiceSid ?? null,
        body: form.Body,
        status: "queued",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${match[1]}/Messages/${sid}.json`,
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function send(res: import("node:http").ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
