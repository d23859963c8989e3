import type { IncomingMessage, Server } from "node:http";
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from "botbuilder";
import { WebAdapter } from "botbuilder-adapter-web";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../logging/logger.js";
import { describeWebMessageError, webMessageSchema } from "../channels/web/web-message.js";

export interface SocketOptions {
  /** Accepts or refuses a websocket upgrade (the Origin check lives here). */
  verifyClient?: (info: { origin: string; req: IncomingMessage }) => boolean;
  /** Largest websocket frame accepted, in bytes. */
  maxPayload?: number;
}

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
      ...(options.verifyClient ? { verifyClient: options.verifyClient } : {}),
    });
    this.server = wss;
    wss.on("connection", (ws: WebSocket & { isAlive?: boolean; user?: string }) => {
      ws.isAlive = true;
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

  private onFrame(ws: WebSocket & { user?: string }, payload: string, logic: Logic): void {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return sendJson(ws, { type: "error", error: "message must be JSON" });
    }
    const parsed = webMessageSchema.safeParse(json);
    if (!parsed.success) return sendJson(ws, { type: "error", error: describeWebMessageError(parsed.error) });
    const message = parsed.data;
    if (ws.user !== message.user) {
      if (ws.user) this.forget(ws.user, ws);
      ws.user = message.user;
      this.remember(message.user, ws);
    }
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
  }

  private forget(user: string, ws: WebSocket): void {
    const set = this.sockets.get(user);
    if (!set) return;
    set.delete(ws);
    if (set.size === 0) this.sockets.delete(user);
  }
}

/** What the stock adapter sends: type and text, overlaid with the activity's channelData. */
function toFrame(activity: Partial<Activity>): Record<string, unknown> {
  return { type: activity.type, text: activity.text, ...(activity.channelData as Record<string, unknown> | undefined) };
}

function sendJson(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}
