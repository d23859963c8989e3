import { parseFrame, type HistoryFrame, type MessageFrame } from "./protocol.js";

/** What the connection reports to the widget. */
export interface ConnectionEvents {
  /** A bot or staff message. */
  message(frame: MessageFrame): void;
  /** A reason to show the person (a refused or failed message). */
  error(message: string): void;
  /** The conversation so far (after connecting, reconnecting, or polling without a socket). */
  history(frame: HistoryFrame): void;
  /** The bot refused this site (its origin is not in ALLOWED_ORIGINS). */
  forbidden(): void;
}

/** WebSocket.OPEN, as a literal: a page may replace or wrap the WebSocket class. */
const OPEN = 1;
const MAX_BACKOFF_MS = 30_000;
/** Without a socket, staff replies are picked up by fetching the history this often. */
const POLL_MS = 20_000;
const NETWORK_ERROR = "We couldn't reach the chat just now. Please check your connection and try again.";
const SERVER_ERROR = "Sorry, something went wrong. Please try again.";

/**
 * The widget's link to the bot: a websocket at `/ws` when it can connect, `POST
 * /api/messages` when it cannot. After a drop it reconnects with backoff and fetches the
 * history again, so staff replies sent meanwhile still appear.
 */
export class Connection {
  private socket: WebSocket | undefined;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private started = false;
  private refused = false;

  constructor(
    private readonly botOrigin: string,
    private readonly user: string,
    /** The widget's language, sent with each message as a hint until the bot knows the visitor's. */
    private readonly language: "en" | "es",
    private readonly on: ConnectionEvents,
  ) {}

  /** Opens the socket (once); later calls do nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    window.addEventListener("online", () => this.reconnectNow());
    document.addEventListener("visibilitychange", () => {
      // Phones drop sockets of background tabs; reconnect as soon as the page is back.
      if (document.visibilityState === "visible") this.reconnectNow();
    });
    this.connect();
  }

  /** Sends the person's message over the socket, or over HTTP when the socket is not open. */
  async send(text: string): Promise<"socket" | "http"> {
    const socket = this.socket;
    if (socket && socket.readyState === OPEN) {
      socket.send(JSON.stringify({ type: "message", text, user: this.user, language: this.language }));
      return "socket";
    }
    await this.post(text);
    return "http";
  }

  private connect(): void {
    clearTimeout(this.reconnectTimer);
    if (this.refused || this.socket) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${this.botOrigin.replace(/^http/, "ws")}/ws`);
    } catch {
      this.dropped();
      return;
    }
    this.socket = ws;
    ws.addEventListener("open", () => {
      this.attempts = 0;
      this.stopPolling();
      ws.send(JSON.stringify({ type: "history", user: this.user }));
    });
    ws.addEventListener("message", (event) => {
      try {
        this.dispatch(JSON.parse(String(event.data)));
      } catch {
        // Not JSON: nothing the widget can show.
      }
    });
    ws.addEventListener("close", () => {
      if (this.socket !== ws) return;
      this.socket = undefined;
      this.dropped();
    });
  }

  private dropped(): void {
    if (this.refused) return;
    // The socket is down (or never came up): the conversation carries on over HTTP.
    if (!this.pollTimer) {
      void this.fetchHistory();
      this.pollTimer = setInterval(() => {
        if (document.visibilityState === "visible") void this.fetchHistory();
      }, POLL_MS);
    }
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), backoff / 2 + Math.random() * (backoff / 2));
  }

  private reconnectNow(): void {
    if (!this.started || this.socket || this.refused) return;
    this.attempts = 0;
    this.connect();
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private dispatch(raw: unknown): void {
    const frame = parseFrame(raw);
    if (!frame) return;
    if (frame.type === "message") this.on.message(frame);
    else if (frame.type === "error") this.on.error(frame.error);
    else this.on.history(frame);
  }

  private async post(text: string): Promise<void> {
    const res = await this.request("/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text, user: this.user, language: this.language }),
    });
    if (!res) return this.on.error(NETWORK_ERROR);
    const body: unknown = await res.json().catch(() => undefined);
    if (res.status === 403) return this.refuse();
    if (!res.ok) return this.on.error(errorMessage(body) ?? SERVER_ERROR);
    if (Array.isArray(body)) for (const frame of body) this.dispatch(frame);
  }

  private async fetchHistory(): Promise<void> {
    // The visitor id travels in a header, never in the URL: URLs end up in logs.
    const res = await this.request("/api/history", { headers: { "x-visitor-id": this.user } });
    if (!res) return;
    if (res.status === 403) return this.refuse();
    if (res.ok) this.dispatch(await res.json().catch(() => undefined));
  }

  private async request(path: string, init: RequestInit): Promise<Response | undefined> {
    try {
      return await fetch(`${this.botOrigin}${path}`, { ...init, credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store" });
    } catch {
      return undefined;
    }
  }

  private refuse(): void {
    this.refused = true;
    this.stopPolling();
    clearTimeout(this.reconnectTimer);
    this.socket?.close();
    this.on.forbidden();
  }
}

function errorMessage(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === "string" ? error.message : undefined;
}
