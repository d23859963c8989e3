import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { parse as parseCookie } from "cookie";

export interface ConsoleResponse {
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
  readonly headers: Headers;
}

/**
 * A browser stand-in for the console over plain HTTP: keeps cookies, never follows redirects
 * (tests look at them), and remembers the last CSRF token a page carried.
 */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  /** Extra headers on every request (e.g. X-Forwarded-For, to come from another network). */
  readonly headers: Record<string, string> = {};

  constructor(readonly baseUrl: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<ConsoleResponse> {
    return this.request("GET", path, undefined, headers);
  }

  /** Posts a form; `_csrf` is added from the last page unless the form sets it (or sets it to null). */
  async post(path: string, form: Record<string, string | null> = {}): Promise<ConsoleResponse> {
    const fields = new URLSearchParams();
    const withToken = { _csrf: this.csrf ?? null, ...form };
    for (const [k, v] of Object.entries(withToken)) if (v !== null) fields.set(k, v);
    return this.request("POST", path, fields.toString());
  }

  /** Signs in through the form; returns the answer to the POST. */
  async signIn(email: string, password: string, next?: string, code?: string): Promise<ConsoleResponse> {
    await this.get(`/staff/login${next ? `?next=${encodeURIComponent(next)}` : ""}`);
    return this.post("/staff/login", { email, password, ...(next ? { next } : {}), ...(code !== undefined ? { code } : {}) });
  }

  private async request(method: string, path: string, body?: string, extra: Record<string, string> = {}): Promise<ConsoleResponse> {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, redirect: "manual", ...(body !== undefined ? { body } : {}) });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const parsed = parseCookie(pair);
      for (const [k, v] of Object.entries(parsed)) {
        if (/max-age=0/i.test(line) || v === "") this.cookies.delete(k);
        else if (v !== undefined) this.cookies.set(k, v);
      }
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, location: res.headers.get("location"), body: text, headers: res.headers };
  }
}

/** A web visitor on the websocket, collecting every frame the bot (or staff) sends. */
export class SocketVisitor {
  readonly user = randomUUID();
  readonly frames: { type: string; text?: string; kind?: string; intent?: string }[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => this.frames.push(JSON.parse(String(data))));
  }

  static async connect(baseUrl: string): Promise<SocketVisitor> {
    const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/ws`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return new SocketVisitor(ws);
  }

  get conversationId(): string {
    return `web:${this.user}`;
  }

  /** Sends a message and waits until the frames settle (no new frame for 150 ms, at most 5 s). */
  async say(text: string): Promise<{ type: string; text?: string; kind?: string; intent?: string }[]> {
    const before = this.frames.length;
    this.ws.send(JSON.stringify({ type: "message", text, user: this.user }));
    await this.settle(before);
    return this.frames.slice(before);
  }

  /** Waits until a frame matching `match` arrives. */
  async waitFor(match: (f: { text?: string; kind?: string }) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.frames.some(match)) {
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.ws.close();
  }

  private async settle(before: number): Promise<void> {
    const deadline = Date.now() + 5000;
    let seen = before;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      if (this.frames.length !== seen) {
        seen = this.frames.length;
        quietSince = Date.now();
      } else if (seen > before && Date.now() - quietSince >= 150) return;
      else if (seen === before && Date.now() - quietSince >= 1500) return;
    }
  }
}
