import { z } from "zod";
import type { Kv } from "../../state/kv.js";
import type { Logger } from "../../logging/logger.js";

const CHANNEL = "ws:deliver";

const envelopeSchema = z.object({ user: z.string(), frame: z.unknown() });

/**
 * Delivers a frame to a web visitor's websocket on whichever process holds it. Every
 * process subscribes to one pub/sub channel and writes to the sockets it has; with the
 * memory store there is one process and the relay is a short loop back to itself.
 */
export class SocketRelay {
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly kv: Kv,
    private readonly deliverLocal: (user: string, frame: unknown) => boolean,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.kv.subscribe(CHANNEL, (raw) => {
      try {
        const { user, frame } = envelopeSchema.parse(JSON.parse(raw));
        this.deliverLocal(user, frame);
      } catch (err) {
        this.logger.warn({ err }, "bad websocket relay envelope");
      }
    });
  }

  /**
   * Sends to the visitor: directly when the socket is on this process, else through pub/sub.
   * Resolves true when it was written locally or handed to the relay.
   */
  async deliver(user: string, frame: unknown): Promise<boolean> {
    if (this.deliverLocal(user, frame)) return true;
    await this.kv.publish(CHANNEL, JSON.stringify({ user, frame }));
    return true;
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }
}
