/**
 * The most recently used `capacity` results of pure work, by a string key (a Map keeps
 * insertion order, so the oldest key is the first). Results are shared between callers, so
 * they must be treated as read-only.
 */
export class RecentResults<T> {
  private readonly cache = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  /** The remembered result for `key`, or `compute()`'s, remembered. */
  get(key: string, compute: () => T): T {
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      // Refresh: move to the newest end.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const value = compute();
    this.cache.set(key, value);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }

  /** Drops a remembered result (one that must be computed again next time). */
  forget(key: string): void {
    this.cache.delete(key);
  }
}

/**
 * Remembers the results of a pure function of a string. For work that depends on the message
 * text only, such as ranking a question against the trained classifier: visitors ask the same
 * few questions in the same words, and a hit skips the feature extraction and scoring.
 */
export function memoByText<T>(fn: (text: string) => T, capacity: number): (text: string) => T {
  const results = new RecentResults<T>(capacity);
  return (text) => results.get(text, () => fn(text));
}
