import { addressGroup } from "../util/address-group.js";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";
import { normaliseEmail } from "./staff-accounts.js";

export interface LoginThrottleOptions {
  /** Failed sign-ins of one account from one network that cost nothing (typos). */
  readonly freeFailures: number;
  /** The delay after the first failure past the free ones; each further failure doubles it. */
  readonly baseDelayMs: number;
  /** The longest delay; also how long failures are remembered. */
  readonly maxDelayMs: number;
  /** Failed sign-ins from one network (any accounts) within `networkWindowMs` before it is refused. */
  readonly maxNetworkFailures: number;
  readonly networkWindowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeFailures: 3,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  maxNetworkFailures: 20,
  networkWindowMs: 15 * 60_000,
};

export type ThrottleVerdict =
  | { readonly kind: "allowed" }
  /** Too many failures for this account from this network, or from this network at all: refuse without checking the password. */
  | { readonly kind: "locked"; readonly scope: "account" | "network"; readonly retryAfterMs: number };

/**
 * Growing delays after failed sign-ins, keyed by the account and the network together, so a
 * wrong password typed (or scripted) from one network never locks the right one out from
 * another: after three free failures the next attempt from that network waits 30 s, then 1, 2,
 * 4, 8, 15 minutes. One network is also capped across all accounts (20 failures in 15 minutes).
 * An IPv6 network is its /64. Unknown emails are counted like real ones, so the delays do not
 * reveal which accounts exist.
 */
export class LoginThrottle {
  constructor(
    private readonly kv: Kv,
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  async check(email: string, ip: string): Promise<ThrottleVerdict> {
    const net = addressGroup(ip);
    const lockTtl = await this.kv.pttl(keys.staffLoginLock(normaliseEmail(email), net));
    if (lockTtl > 0 || lockTtl === -1) return { kind: "locked", scope: "account", retryAfterMs: lockTtl > 0 ? lockTtl : this.options.maxDelayMs };
    const netKey = keys.staffIpFailures(net);
    const netFailures = Number((await this.kv.get(netKey)) ?? 0);
    if (netFailures >= this.options.maxNetworkFailures) return { kind: "locked", scope: "network", retryAfterMs: Math.max(1000, await this.kv.pttl(netKey)) };
    return { kind: "allowed" };
  }

  /** Counts a failed sign-in; returns the verdict for the next attempt and whether this failure started a delay. */
  async recordFailure(email: string, ip: string): Promise<ThrottleVerdict & { readonly delayStarted: boolean }> {
    const id = normaliseEmail(email);
    const net = addressGroup(ip);
    const { freeFailures, baseDelayMs, maxDelayMs } = this.options;
    const failures = await this.kv.incr(keys.staffLoginFailures(id, net), { ttlMs: maxDelayMs * 2 });
    let delayStarted = false;
    if (failures > freeFailures) {
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(20, failures - freeFailures - 1));
      await this.kv.set(keys.staffLoginLock(id, net), "1", { ttlMs: delay });
      // Failures are remembered a while after the delay ends, so the next one doubles it.
      await this.kv.expire(keys.staffLoginFailures(id, net), Math.max(delay * 2, maxDelayMs * 2));
      delayStarted = true;
    }
    await this.kv.incr(keys.staffIpFailures(net), { ttlMs: this.options.networkWindowMs });
    return { ...(await this.check(email, ip)), delayStarted };
  }

  /** A successful sign-in forgets the account's earlier failures from that network. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    const net = addressGroup(ip);
    await this.kv.del(keys.staffLoginFailures(normaliseEmail(email), net), keys.staffLoginLock(normaliseEmail(email), net));
  }
}
