import type { Kv } from "./kv.js";
import { keys } from "./keys.js";

export type ClaimOutcome<T> =
  | { readonly kind: "claimed" }
  | { readonly kind: "done"; readonly result: T }
  | { readonly kind: "inProgress" };

const PENDING = "pending";

/**
 * At-most-once processing for redelivered requests (Twilio's MessageSid, status callbacks).
 * The first caller claims the key atomically and later stores its result; a duplicate
 * gets that result, waiting for it when both arrive at once.
 */
export class IdempotencyRepo {
  constructor(private readonly kv: Kv) {}

  async claim<T>(scope: string, id: string, ttlMs: number): Promise<ClaimOutcome<T>> {
    const key = keys.idempotency(scope, id);
    if (await this.kv.set(key, PENDING, { ttlMs, nx: true })) return { kind: "claimed" };
    return this.peek<T>(key);
  }

  async complete<T>(scope: string, id: string, result: T, ttlMs: number): Promise<void> {
    await this.kv.set(keys.idempotency(scope, id), JSON.stringify({ result }), { ttlMs });
  }

  /** Gives the claim up (the first attempt failed), so a redelivery can try again. */
  async release(scope: string, id: string): Promise<void> {
    await this.kv.compareAndDelete(keys.idempotency(scope, id), PENDING);
  }

  /** Waits until the first claimant completes, up to `waitMs`. */
  async waitForResult<T>(scope: string, id: string, waitMs: number): Promise<ClaimOutcome<T>> {
    const key = keys.idempotency(scope, id);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const outcome = await this.peek<T>(key);
      if (outcome.kind !== "inProgress" || Date.now() >= deadline) return outcome;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private async peek<T>(key: string): Promise<ClaimOutcome<T>> {
    const raw = await this.kv.get(key);
    if (raw === null || raw === PENDING) return { kind: "inProgress" };
    return { kind: "done", result: (JSON.parse(raw) as { result: T }).result };
  }
}
