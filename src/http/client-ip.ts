import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

/** Whether an address (the connection's, or one in X-Forwarded-For) is a proxy whose header is believed; `i` counts hops from the socket. */
export type TrustProxy = (address: string, i: number) => boolean;

/** The default: only a proxy on this machine (nginx on loopback). */
export const TRUST_LOOPBACK: TrustProxy = proxyaddr.compile("loopback");

/**
 * TRUST_PROXY as a trust function, the same for express (`trust proxy`) and the raw websocket
 * upgrade: `loopback` (default), `false`/`none` (no proxy: the socket address is the client),
 * a number of hops (`1`: exactly one proxy in front, e.g. a cloud load balancer), or
 * comma-separated addresses and CIDR ranges of the proxies (also `linklocal`, `uniquelocal`).
 * Throws on anything else (config.ts turns that into a start-up error).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? "loopback").trim().toLowerCase();
  if (v === "" || v === "loopback") return TRUST_LOOPBACK;
  if (v === "false" || v === "none" || v === "0") return () => false;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, i) => i < hops;
  }
  return proxyaddr.compile(v.split(",").map((s) => s.trim()).filter(Boolean));
}

/**
 * The client's address for a raw request (the websocket upgrade), by the same rule as the
 * express app's `trust proxy`: X-Forwarded-For is believed only from a trusted proxy, read
 * from the right, and the first address that is not a trusted proxy is the client.
 */
export function clientIp(req: IncomingMessage, trust: TrustProxy = TRUST_LOOPBACK): string | undefined {
  if (!req.socket?.remoteAddress) return undefined;
  // Entries that are not addresses are dropped, so a forged "not-an-ip" can never be the client.
  const header = req.headers["x-forwarded-for"];
  const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
    .split(",")
    .map((s) => s.trim())
    .filter((s) => isIP(s) !== 0)
    .join(", ");
  try {
    return proxyaddr({ socket: req.socket, headers: forwarded ? { "x-forwarded-for": forwarded } : {} } as IncomingMessage, trust);
  } catch {
    return req.socket.remoteAddress;
  }
}
