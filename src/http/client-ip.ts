import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

function isLoopback(address: string): boolean {
  return address === "::1" || /^(::ffff:)?127\./.test(address);
}

/**
 * The client's address for a raw request (the websocket upgrade), by the same rule as the
 * express app's `trust proxy: loopback`: X-Forwarded-For is believed only from a proxy on
 * this machine, read from the right, and the first address not on loopback is the client.
 */
export function clientIp(req: IncomingMessage): string | undefined {
  const remote = req.socket.remoteAddress;
  if (!remote || !isLoopback(remote)) return remote;
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter((s) => isIP(s) !== 0)
    .reverse();
  let client = remote;
  for (const address of forwarded) {
    client = address;
    if (!isLoopback(address)) break;
  }
  return client;
}
