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
 */
export class ConversationLocks {
  constructor(private readonly kv: Kv) {}

  async withLock<T>(conversationId: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const ttlMs = options.ttlMs ?? 15_000;
    const deadline = Date.now() + (options.waitMs ?? 10_000);
    const key = keys.lock(conversationId);
    const token = randomUUID();
    let delay = 5;
    while (!(await this.kv.set(key, token, { ttlMs, nx: true }))) {
      if (Date.now() >= deadline) throw new LockTimeoutError(conversationId);
      await sleep(delay);
      delay = Math.min(delay * 2, 25);
    }
    try {
      return await fn();
    } finally {
      await this.kv.compareAndDelete(key, token).catch(() => undefined);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
