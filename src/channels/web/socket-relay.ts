import { z } from "zod";
import type { Kv } from "../../state/kv.js";
import { keys } from "../../state/keys.js";
import type { Logger } from "../../logging/logger.js";

const CHANNEL = "ws:deliver";
/** Presence outlives a dead process by at most this long; live processes refresh it twice as often. */
const PRESENCE_TTL_MS = 90_000;
const REFRESH_MS = 30_000;

const envelopeSchema = z.object({ user: z.string(), frame: z.unknown() });

/** What the relay needs from the process's own sockets (the web adapter). */
export interface LocalSockets {
  deliver(user: string, frame: unknown): boolean;
  connectedUsers(): string[];
  onPresence: ((user: string, online: boolean) => void) | undefined;
}

/**
 * Delivers a frame to a web visitor's websocket on whichever process holds it (a staff
 * reply written on one process, the visitor connected to another). Every process subscribes
 * to one pub/sub channel and writes to the sockets it has; a presence key per visitor tells
 * whether anyone holds a socket for them at all. With the memory store there is one process
 * and the relay is a short loop back to itself.
 */
export class SocketRelay {
  private unsubscribe: (() => Promise<void>) | undefined;
  private refresher: NodeJS.Timeout | undefined;

  constructor(
    private readonly kv: Kv,
    private readonly sockets: LocalSockets,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.sockets.onPresence = (user, online) => {
      const key = keys.webPresence(user);
      const write = online ? this.kv.set(key, "1", { ttlMs: PRESENCE_TTL_MS }) : this.kv.del(key);
      write.catch((err: unknown) => this.logger.warn({ err }, "websocket presence not saved"));
    };
    // Subscribing waits for the store; start-up does not (a store that is down must not stop the bot).
    this.kv
      .subscribe(CHANNEL, (raw) => this.onEnvelope(raw))
      .then((unsubscribe) => (this.unsubscribe = unsubscribe))
      .catch((err: unknown) => this.logger.error({ err }, "websocket relay not subscribed: staff replies reach only sockets on this process"));
    this.refresher = setInterval(() => {
      for (const user of this.sockets.connectedUsers()) {
        this.kv.set(keys.webPresence(user), "1", { ttlMs: PRESENCE_TTL_MS }).catch(() => undefined);
      }
    }, REFRESH_MS);
    this.refresher.unref();
  }

  private onEnvelope(raw: string): void {
    try {
      const { user, frame } = envelopeSchema.parse(JSON.parse(raw));
      this.sockets.deliver(user, frame);
    } catch (err) {
      this.logger.warn({ err }, "bad websocket relay envelope");
    }
  }

  /**
   * Sends to the visitor: directly when the socket is on this process, else through pub/sub
   * when some process holds one. False when the visitor has no chat window open anywhere.
   */
  async deliver(user: string, frame: unknown): Promise<boolean> {
    if (this.sockets.deliver(user, frame)) return true;
    if ((await this.kv.get(keys.webPresence(user))) === null) return false;
    await this.kv.publish(CHANNEL, JSON.stringify({ user, frame }));
    return true;
  }

  async stop(): Promise<void> {
    if (this.refresher) clearInterval(this.refresher);
    this.sockets.onPresence = undefined;
    await this.unsubscribe?.();
  }
}
