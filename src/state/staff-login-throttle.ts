import type { Kv } from "./kv.js";
import { keys } from "./keys.js";
import { normaliseEmail } from "./staff-accounts.js";

export interface LoginThrottleOptions {
  /** Failed sign-ins in a row that lock an account. */
  readonly maxAccountFailures: number;
  /** How long a locked account stays locked; also the window failures are counted in. */
  readonly lockMs: number;
  /** Failed sign-ins from one IP address within `ipWindowMs` before it is refused. */
  readonly maxIpFailures: number;
  readonly ipWindowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  maxAccountFailures: 5,
  lockMs: 15 * 60_000,
  maxIpFailures: 20,
  ipWindowMs: 15 * 60_000,
};

export type ThrottleVerdict =
  | { readonly kind: "allowed" }
  /** Too many failures for this account or from this address: refuse without checking the password. */
  | { readonly kind: "locked"; readonly scope: "account" | "ip"; readonly retryAfterMs: number };

/**
 * Lockout after repeated failed sign-ins, per account and per IP address. Unknown emails
 * are counted like real ones, so the lockout does not reveal which accounts exist.
 */
export class LoginThrottle {
  constructor(
    private readonly kv: Kv,
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  async check(email: string, ip: string): Promise<ThrottleVerdict> {
    const lockTtl = await this.kv.pttl(keys.staffLoginLock(normaliseEmail(email)));
    if (lockTtl > 0 || lockTtl === -1) return { kind: "locked", scope: "account", retryAfterMs: lockTtl > 0 ? lockTtl : this.options.lockMs };
    const ipKey = keys.staffIpFailures(ip);
    const ipFailures = Number((await this.kv.get(ipKey)) ?? 0);
    if (ipFailures >= this.options.maxIpFailures) return { kind: "locked", scope: "ip", retryAfterMs: Math.max(0, await this.kv.pttl(ipKey)) };
    return { kind: "allowed" };
  }

  /** Counts a failed sign-in; returns the verdict for the next attempt. */
  async recordFailure(email: string, ip: string): Promise<ThrottleVerdict> {
    const id = normaliseEmail(email);
    const failures = await this.kv.incr(keys.staffLoginFailures(id), { ttlMs: this.options.lockMs });
    if (failures >= this.options.maxAccountFailures) {
      await this.kv.set(keys.staffLoginLock(id), "1", { ttlMs: this.options.lockMs });
      await this.kv.del(keys.staffLoginFailures(id));
    }
    await this.kv.incr(keys.staffIpFailures(ip), { ttlMs: this.options.ipWindowMs });
    return this.check(email, ip);
  }

  /** A successful sign-in forgets the account's earlier failures. */
  async recordSuccess(email: string): Promise<void> {
    await this.kv.del(keys.staffLoginFailures(normaliseEmail(email)));
  }
}
