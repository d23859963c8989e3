import type { IncomingMessage, Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import type { InboundMessage } from "../../domain/message.js";
import type { TurnResult } from "../../pipeline/turn.js";
import type { Logger } from "../../logging/logger.js";
import { clientIp, type TrustProxy } from "../../http/client-ip.js";
import type { MessageRateLimiter } from "../../http/rate-limit.js";
import { addressGroup } from "../../util/address-group.js";
import { describeWebMessageError, toInboundMessage, toWebReply, webHistoryRequestSchema, webMessageSchema } from "./web-message.js";
import type { HistoryFrame } from "./web-history.js";
import type { LocalSockets } from "./socket-relay.js";

export interface WebSocketChannelOptions {
  /** The bot: one inbound message in, its result out (the botkit host). */
  readonly run: (message: InboundMessage) => Promise<TurnResult>;
  /** Accepts or refuses an upgrade by its Origin; a refusal answers HTTP 403. */
  readonly verifyOrigin: (info: { origin: string; req: IncomingMessage }) => boolean;
  readonly history: (user: string) => Promise<HistoryFrame>;
  /** History reads per visitor and per address, across processes (shared with GET /api/history). */
  readonly historyLimiter?: MessageRateLimiter;
  /** What botkit's own web client gets for its `hello` and `welcome_back` events. */
  readonly greeting: string;
  readonly logger: Logger;
  /** Largest frame accepted, in bytes. */
  readonly maxPayload?: number;
  /** Open sockets one address (one IPv6 /64) may hold. */
  readonly maxSocketsPerAddress?: number;
  /** Whose X-Forwarded-For names the client (TRUST_PROXY); default loopback. */
  readonly trustProxy?: TrustProxy;
}

/** Per socket: history frames allowed in a burst, and how fast the allowance comes back. */
const HISTORY_BURST = 3;
const HISTORY_REFILL_MS = 5000;
/** Frames that were refused (bad JSON, over budget) before the socket is closed as abusive. */
const MAX_REFUSED_FRAMES = 50;
/** Messages waiting for their turn on one socket; more than this is not a person typing. */
const MAX_QUEUED = 100;
const DEFAULT_MAX_SOCKETS_PER_ADDRESS = 20;

type ClinicSocket = WebSocket & {
  isAlive?: boolean;
  user?: string;
  ip?: string;
  queued?: number;
  queue?: Promise<void>;
  historyTokens?: number;
  historyRefilledAt?: number;
  refused?: number;
};

/**
 * The web channel's websocket on `/ws`: `{"type":"message","text","user"}` frames run a turn
 * each (in the order sent, per socket), `{"type":"history","user"}` frames return the
 * conversation so far. Every message frame reaches the pipeline, which decides safety before
 * any rate limit, so a person in crisis is never turned away; history frames have a budget
 * per socket and per visitor and address, so a flood of them cannot slow anyone else's turn.
 * Also keeps this process's sockets by visitor, for staff replies (see SocketRelay).
 */
export class WebSocketChannel implements LocalSockets {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly perAddress = new Map<string, number>();
  private server: WebSocketServer | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  onPresence: ((user: string, online: boolean) => void) | undefined;

  constructor(private readonly options: WebSocketChannelOptions) {}

  attach(server: Server): void {
    const maxSockets = this.options.maxSocketsPerAddress ?? DEFAULT_MAX_SOCKETS_PER_ADDRESS;
    const wss = new WebSocketServer({
      server,
      path: "/ws",
      maxPayload: this.options.maxPayload ?? 16 * 1024,
      verifyClient: (info: { origin: string; req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
        if (!this.options.verifyOrigin(info)) return done(false, 403, "Origin not allowed");
        const group = addressGroup(clientIp(info.req, this.options.trustProxy) ?? "unknown");
        if ((this.perAddress.get(group) ?? 0) >= maxSockets) return done(false, 429, "Too many open chat connections from this address");
        done(true);
      },
    });
    this.server = wss;
    wss.on("connection", (ws: ClinicSocket, req: IncomingMessage) => {
      ws.isAlive = true;
      ws.ip = clientIp(req, this.options.trustProxy);
      ws.queued = 0;
      ws.historyTokens = HISTORY_BURST;
      ws.historyRefilledAt = Date.now();
      ws.refused = 0;
      const group = addressGroup(ws.ip ?? "unknown");
      this.perAddress.set(group, (this.perAddress.get(group) ?? 0) + 1);
      ws.on("pong", () => (ws.isAlive = true));
      ws.on("message", (payload) => this.onFrame(ws, String(payload)));
      ws.on("error", (err) => this.options.logger.debug({ err }, "websocket error"));
      ws.on("close", () => {
        const left = (this.perAddress.get(group) ?? 1) - 1;
        if (left <= 0) this.perAddress.delete(group);
        else this.perAddress.set(group, left);
        if (ws.user) this.forget(ws.user, ws);
      });
    });
    this.heartbeat = setInterval(() => {
      for (const ws of wss.clients as Set<ClinicSocket>) {
        if (ws.isAlive === false) {
          ws.terminate();
          continue;
        }
        ws.isAlive = false;
        ws.ping();
      }
    }, 30_000);
    this.heartbeat.unref();
  }

  private onFrame(ws: ClinicSocket, payload: string): void {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return this.refuse(ws, "message must be JSON");
    }
    const type = (json as { type?: unknown } | null)?.type;
    if (type === "history") return this.onHistory(ws, json);
    if (type === "hello" || type === "welcome_back") return send(ws, { type: "message", text: this.options.greeting, kind: "menu" });
    const parsed = webMessageSchema.safeParse(json);
    if (!parsed.success) return this.refuse(ws, describeWebMessageError(parsed.error));
    const message = parsed.data;
    this.bind(ws, message.user);
    if ((ws.queued ?? 0) >= MAX_QUEUED) {
      this.options.logger.warn({ ip: ws.ip }, "websocket closed: too many messages waiting");
      return ws.close(1008, "too many messages");
    }
    ws.queued = (ws.queued ?? 0) + 1;
    const inbound = toInboundMessage(message, new Date(), ws.ip);
    // One turn at a time per socket keeps replies in the order the messages were sent.
    ws.queue = (ws.queue ?? Promise.resolve()).then(async () => {
      try {
        const result = await this.options.run(inbound);
        if (result.outcome.kind === "refused") send(ws, { type: "error", error: result.outcome.reason, retryAfterSeconds: result.outcome.retryAfterSeconds });
        for (const reply of result.replies) send(ws, toWebReply(reply));
      } catch (err) {
        this.options.logger.error({ err }, "websocket turn failed");
        send(ws, { type: "error", error: "Sorry, something went wrong. Please try again." });
      } finally {
        ws.queued = (ws.queued ?? 1) - 1;
      }
    });
  }

  /** A reloaded page asks for the conversation so far; its socket also starts receiving staff replies. */
  private onHistory(ws: ClinicSocket, json: unknown): void {
    const parsed = webHistoryRequestSchema.safeParse(json);
    if (!parsed.success) return this.refuse(ws, describeWebMessageError(parsed.error));
    if (!this.takeHistoryToken(ws)) return this.refuse(ws, "Too many history requests; please wait a few seconds.");
    const user = parsed.data.user;
    this.bind(ws, user);
    void (async () => {
      const decision = await this.options.historyLimiter?.check({ visitorId: user, ip: ws.ip });
      if (decision?.kind === "limited") return send(ws, { type: "error", error: decision.message, retryAfterSeconds: decision.retryAfterSeconds });
      send(ws, await this.options.history(user));
    })().catch((err: unknown) => {
      this.options.logger.error({ err }, "websocket history failed");
      send(ws, { type: "error", error: "Sorry, the conversation so far could not be loaded." });
    });
  }

  private takeHistoryToken(ws: ClinicSocket): boolean {
    const now = Date.now();
    const refill = Math.floor((now - (ws.historyRefilledAt ?? now)) / HISTORY_REFILL_MS);
    if (refill > 0) {
      ws.historyTokens = Math.min(HISTORY_BURST, (ws.historyTokens ?? 0) + refill);
      ws.historyRefilledAt = now;
    }
    if ((ws.historyTokens ?? 0) <= 0) return false;
    ws.historyTokens = (ws.historyTokens ?? 1) - 1;
    return true;
  }

  /** Answers a refused frame; a socket that keeps sending refused frames is closed. */
  private refuse(ws: ClinicSocket, error: string): void {
    ws.refused = (ws.refused ?? 0) + 1;
    if (ws.refused > MAX_REFUSED_FRAMES) {
      this.options.logger.warn({ ip: ws.ip }, "websocket closed: too many refused frames");
      return ws.close(1008, "too many refused frames");
    }
    send(ws, { type: "error", error });
  }

  private bind(ws: ClinicSocket, user: string): void {
    if (ws.user === user) return;
    if (ws.user) this.forget(ws.user, ws);
    ws.user = user;
    const set = this.sockets.get(user) ?? new Set<WebSocket>();
    set.add(ws);
    this.sockets.set(user, set);
    if (set.size === 1) this.onPresence?.(user, true);
  }

  private forget(user: string, ws: WebSocket): void {
    const set = this.sockets.get(user);
    if (!set) return;
    set.delete(ws);
    if (set.size === 0) {
      this.sockets.delete(user);
      this.onPresence?.(user, false);
    }
  }

  /** Whether the visitor has an open socket on this process. */
  isConnected(user: string): boolean {
    return (this.sockets.get(user)?.size ?? 0) > 0;
  }

  /** Visitors with an open socket on this process. */
  connectedUsers(): string[] {
    return [...this.sockets.keys()];
  }

  /** Sends a frame to every open socket of a visitor on this process; false when none is open. */
  deliver(user: string, frame: unknown): boolean {
    const open = [...(this.sockets.get(user) ?? [])].filter((ws) => ws.readyState === ws.OPEN);
    for (const ws of open) send(ws, frame);
    return open.length > 0;
  }

  /** Stops accepting sockets and closes the open ones (graceful shutdown). */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const wss = this.server;
    if (!wss) return;
    for (const ws of wss.clients) ws.close(1001, "server shutting down");
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  /** Waits until every socket's queued turns have run (shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...(this.server?.clients ?? [])].map((ws) => (ws as ClinicSocket).queue));
  }
}

function send(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}
