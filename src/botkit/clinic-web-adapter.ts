import type { IncomingMessage, Server } from "node:http";
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from "botbuilder";
import { WebAdapter } from "botbuilder-adapter-web";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../logging/logger.js";
import { describeWebMessageError, webHistoryRequestSchema, webMessageSchema, type WebMessage } from "../channels/web/web-message.js";

/** Whether a valid message may run a turn; a refusal is sent back as `{type:"error", error}`. */
export type SocketAdmission = { readonly ok: true } | { readonly ok: false; readonly error: string };

export interface SocketOptions {
  /** Accepts or refuses a websocket upgrade (the Origin check lives here); a refusal answers HTTP 403. */
  verifyClient?: (info: { origin: string; req: IncomingMessage }) => boolean;
  /** Largest websocket frame accepted, in bytes. */
  maxPayload?: number;
  /** Checked before each message frame runs a turn (rate limits); `req` is the socket's upgrade request. */
  admit?: (message: WebMessage, req: IncomingMessage) => Promise<SocketAdmission>;
  /** Answers a `{"type":"history","user"}` frame with the frame to send back (the conversation so far). */
  history?: (user: string) => Promise<unknown>;
}

type ClinicSocket = WebSocket & { isAlive?: boolean; user?: string; req?: IncomingMessage; queue?: Promise<void> };

type Logic = (context: TurnContext) => Promise<void>;

/**
 * botbuilder-adapter-web with the edges hardened. The webhook mode is the stock adapter's
 * `processActivity` (our HTTP route validates the body before it). The websocket mode is
 * re-implemented here because the stock one registers a socket under whatever `user` a
 * frame names before anything is validated, prints errors with console.error, and keeps
 * its sockets in a module-wide map we cannot reach for cross-process delivery.
 */
export class ClinicWebAdapter extends WebAdapter {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private server: WebSocketServer | undefined;
  private options: SocketOptions = {};
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly logger: Logger) {
    super();
  }

  /** Botkit calls this when the adapter is registered; we attach the socket server ourselves. */
  override init(): void {}

  override createSocketServer(server: Server, options: SocketOptions = {}, logic: Logic): void {
    const wss = new WebSocketServer({
      server,
      path: "/ws",
      maxPayload: options.maxPayload ?? 16 * 1024,
      ...(options.verifyClient ? { verifyClient: refuseWith403(options.verifyClient) } : {}),
    });
    this.server = wss;
    this.options = options;
    wss.on("connection", (ws: ClinicSocket, req: IncomingMessage) => {
      ws.isAlive = true;
      ws.req = req;
      ws.on("pong", () => (ws.isAlive = true));
      ws.on("message", (payload) => this.onFrame(ws, String(payload), logic));
      ws.on("error", (err) => this.logger.debug({ err }, "websocket error"));
      ws.on("close", () => {
        if (ws.user) this.forget(ws.user, ws);
      });
    });
    this.heartbeat = setInterval(() => {
      for (const ws of wss.clients as Set<WebSocket & { isAlive?: boolean }>) {
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

  private onFrame(ws: ClinicSocket, payload: string, logic: Logic): void {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return sendJson(ws, { type: "error", error: "message must be JSON" });
    }
    if ((json as { type?: unknown } | null)?.type === "history") return this.onHistoryFrame(ws, json);
    const parsed = webMessageSchema.safeParse(json);
    if (!parsed.success) return sendJson(ws, { type: "error", error: describeWebMessageError(parsed.error) });
    const message = parsed.data;
    this.bind(ws, message.user);
    const admit = this.options.admit;
    if (!admit || !ws.req) return this.runTurn(ws, message, logic);
    const req = ws.req;
    // Admission is asynchronous (the store counts); a per-socket queue keeps messages in the order they were sent.
    ws.queue = (ws.queue ?? Promise.resolve()).then(async () => {
      const admission = await admit(message, req).catch((err: unknown): SocketAdmission => {
        this.logger.warn({ err }, "websocket admission failed; message allowed");
        return { ok: true };
      });
      if (admission.ok) this.runTurn(ws, message, logic);
      else sendJson(ws, { type: "error", error: admission.error });
    });
  }

  /** A reloaded page asks for the conversation so far; its socket also starts receiving staff replies. */
  private onHistoryFrame(ws: ClinicSocket, json: unknown): void {
    const parsed = webHistoryRequestSchema.safeParse(json);
    if (!parsed.success) return sendJson(ws, { type: "error", error: describeWebMessageError(parsed.error) });
    this.bind(ws, parsed.data.user);
    const history = this.options.history;
    if (!history) return sendJson(ws, { type: "error", error: "history is not available" });
    history(parsed.data.user).then(
      (frame) => sendJson(ws, frame),
      (err: unknown) => {
        this.logger.error({ err }, "websocket history failed");
        sendJson(ws, { type: "error", error: "Sorry, the conversation so far could not be loaded." });
      },
    );
  }

  private bind(ws: ClinicSocket, user: string): void {
    if (ws.user === user) return;
    if (ws.user) this.forget(ws.user, ws);
    ws.user = user;
    this.remember(user, ws);
  }

  private runTurn(ws: ClinicSocket, message: WebMessage, logic: Logic): void {
    const activity: Partial<Activity> = {
      timestamp: new Date(),
      channelId: "websocket",
      conversation: { id: message.user } as Activity["conversation"],
      from: { id: message.user, name: "" },
      recipient: { id: "bot", name: "bot" },
      channelData: message,
      text: message.text,
      type: ActivityTypes.Message,
    };
    const context = new TurnContext(this, activity);
    this.runMiddleware(context, logic).catch((err: unknown) => {
      this.logger.error({ err }, "websocket turn failed");
      sendJson(ws, { type: "error", error: "Sorry, something went wrong. Please try again." });
    });
  }

  /** The stock webhook mode, except that a turn with no reply answers `[]` rather than an empty body. */
  override async processActivity(req: unknown, res: unknown, logic: Logic): Promise<void> {
    await super.processActivity(req, res, async (context: TurnContext) => {
      context.turnState.set("httpBody", []);
      await logic(context);
    });
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    if (context.activity.channelId !== "websocket") return super.sendActivities(context, activities);
    for (const activity of activities) {
      const user = activity.recipient?.id;
      if (user) this.deliver(user, toFrame(activity));
    }
    return [];
  }

  /** Sends a frame to every open socket of a visitor on this process; false when none is open. */
  /** Told when a visitor's first socket on this process opens and when their last one closes. */
  onPresence: ((user: string, online: boolean) => void) | undefined;

  /** Visitors with an open socket on this process. */
  connectedUsers(): string[] {
    return [...this.sockets.keys()];
  }

  deliver(user: string, frame: unknown): boolean {
    const open = [...(this.sockets.get(user) ?? [])].filter((ws) => ws.readyState === ws.OPEN);
    for (const ws of open) sendJson(ws, frame);
    return open.length > 0;
  }

  override isConnected(user: string): boolean {
    return (this.sockets.get(user)?.size ?? 0) > 0;
  }

  /** Stops accepting sockets and closes the open ones (graceful shutdown). */
  async closeSockets(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const wss = this.server;
    if (!wss) return;
    for (const ws of wss.clients) ws.close(1001, "server shutting down");
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  private remember(user: string, ws: WebSocket): void {
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
}

/** What the stock adapter sends: type and text, overlaid with the activity's channelData. */
function toFrame(activity: Partial<Activity>): Record<string, unknown> {
  return { type: activity.type, text: activity.text, ...(activity.channelData as Record<string, unknown> | undefined) };
}

/** ws answers a refused upgrade with 401 unless told otherwise; a disallowed Origin is a 403. */
function refuseWith403(verify: NonNullable<SocketOptions["verifyClient"]>) {
  return (info: { origin: string; req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void): void => {
    if (verify(info)) done(true);
    else done(false, 403, "Origin not allowed");
  };
}

function sendJson(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}
