import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../logging/logger.js";
import type { TrustProxy } from "./client-ip.js";
import { addressGroup } from "../util/address-group.js";

export interface ConnectionGuardOptions {
  /** Open connections one address (one IPv6 /64) may hold; more are closed at once. */
  readonly maxPerAddress: number;
  /** Connections from a trusted proxy carry many clients and are not capped. */
  readonly trust: TrustProxy;
  readonly logger: Logger;
}

/**
 * Time to send a request's headers (slowloris, and a connection that sends nothing at all: the
 * headers clock starts when it opens), a whole request, and how long an idle keep-alive connection stays.
 */
export const SERVER_TIMEOUTS = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, checkEveryMs: 1_000 } as const;

/** Server options that close idle and slow connections: pass to `http.createServer` (`headersTimeoutMs`: HTTP_HEADERS_TIMEOUT_MS). */
export function serverTimeoutOptions(headersTimeoutMs: number = SERVER_TIMEOUTS.headersTimeoutMs) {
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
    keepAliveTimeout: SERVER_TIMEOUTS.keepAliveTimeoutMs,
    // How often Node checks the two timeouts above (its default, 30 s, lets a slow client linger).
    connectionsCheckingInterval: SERVER_TIMEOUTS.checkEveryMs,
  };
}

/**
 * Caps the open TCP connections per client address, so one address cannot hold hundreds of
 * idle or slow connections (websockets included: they are upgraded HTTP connections). The
 * websocket channel has its own, lower cap per address.
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): void {
  const open = new Map<string, number>();
  let lastWarned = 0;
  server.on("connection", (socket: Socket) => {
    const address = socket.remoteAddress;
    if (!address || options.trust(address, 0)) return;
    const group = addressGroup(address);
    const count = (open.get(group) ?? 0) + 1;
    if (count > options.maxPerAddress) {
      if (Date.now() - lastWarned > 60_000) {
        lastWarned = Date.now();
        options.logger.warn({ address: group, limit: options.maxPerAddress }, "too many open connections from one address; closing new ones");
      }
      socket.destroy();
      return;
    }
    open.set(group, count);
    socket.once("close", () => {
      const left = (open.get(group) ?? 1) - 1;
      if (left <= 0) open.delete(group);
      else open.set(group, left);
    });
  });
}
