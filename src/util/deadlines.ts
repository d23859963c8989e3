import { TimeLimitError } from "./time-limit.js";

interface Pending {
  readonly deadline: number;
  readonly reject: (err: Error) => void;
}

/**
 * One time limit for many promises, kept by one timer: what {@link withTimeLimit} does per
 * promise (a timer set and cleared, a race), for a busy path such as every Redis command.
 * Every promise gets the same limit, so they expire in the order they were added, and a sweep
 * every quarter of the limit rejects those past it: a promise is given up at most a quarter of
 * the limit late. The timer runs only while something is pending and never keeps the process up.
 */
export class DeadlineSweep {
  private readonly pending = new Set<Pending>();
  private timer: NodeJS.Timeout | undefined;
  private readonly every: number;

  constructor(
    private readonly ms: number,
    private readonly message: string,
  ) {
    this.every = Math.max(1, Math.ceil(ms / 4));
  }

  /** Settles as `promise` does, or rejects with {@link TimeLimitError} once it has taken longer than the limit. */
  limit<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { deadline: Date.now() + this.ms, reject };
      this.pending.add(entry);
      this.timer ??= setInterval(() => this.sweep(), this.every).unref();
      promise.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (err: unknown) => {
          this.pending.delete(entry);
          reject(err);
        },
      );
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      // Added in deadline order: the first one not yet due ends the sweep.
      if (entry.deadline > now) break;
      this.pending.delete(entry);
      entry.reject(new TimeLimitError(this.message));
    }
    if (this.pending.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
