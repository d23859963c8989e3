/** A promise that did not settle within its time limit. */
export class TimeLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TimeLimitError";
  }
}

/**
 * Rejects with {@link TimeLimitError} when `promise` takes longer than `ms`. The original
 * promise keeps running; only the wait for it ends.
 */
export function withTimeLimit<T>(promise: Promise<T>, ms: number, message = `took over ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitError(message)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
