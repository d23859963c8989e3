import { randomUUID } from "node:crypto";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";

/** Another turn of the same conversation held the lock for longer than we could wait. */
export class LockTimeoutError extends Error {
  constructor(readonly conversationId: string) {
    super("Timed out waiting for the conversation lock");
    this.name = "LockTimeoutError";
  }
}

export interface LockOptions {
  /** The lock frees itself after this long, should its holder die. */
  ttlMs?: number;
  /** How long to wait for another turn to finish. */
  waitMs?: number;
}

/**
 * One turn at a time per conversation, across processes: SET NX PX with a random token,
 * released only by its holder (compare-and-delete).
 *
 * Two round trips are saved on every turn, because one process's commands on one conversation's
 * keys reach the store in the order they are issued (one connection per Redis node, and a
 * conversation's keys share a hash slot; memory applies them at once):
 * - {@link withLockAndRead} sends the read of the conversation together with the lock: a read
 *   issued right behind a SET NX that succeeded sees the store as the lock holder does.
 * - The release is issued behind the holder's last write and not waited for: the next turn of
 *   the conversation is issued after it, and a release that fails only leaves the lock to
 *   expire (`ttlMs`), as a holder that died would.
 */
export class ConversationLocks {
  constructor(private readonly kv: Kv) {}

  withLock<T>(conversationId: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    return this.withLockAndRead(conversationId, async () => undefined, () => fn(), options);
  }

  /**
   * Holds the conversation's lock while `fn` runs, given what `read` returned under the lock.
   * `read` is sent with the lock request; when the lock was taken by another turn, it is sent
   * again once the lock is ours.
   */
  async withLockAndRead<R, T>(conversationId: string, read: () => Promise<R>, fn: (value: R) => Promise<T>, options: LockOptions = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? 15_000;
    const deadline = Date.now() + (options.waitMs ?? 10_000);
    const key = keys.lock(conversationId);
    const token = randomUUID();
    let delay = 5;
    for (;;) {
      const taken = this.kv.set(key, token, { ttlMs, nx: true });
      // Issued in the same tick, behind the lock request: answered after it.
      const value = read();
      value.catch(() => undefined);
      if (await taken) {
        try {
          return await fn(await value);
        } finally {
          this.kv.compareAndDelete(key, token).catch(() => undefined);
        }
      }
      if (Date.now() >= deadline) throw new LockTimeoutError(conversationId);
      await sleep(delay);
      delay = Math.min(delay * 2, 25);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
