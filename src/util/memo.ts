/**
 * Remembers the results of a pure function of a string, the most recently used `capacity` of
 * them (a Map keeps insertion order, so the oldest key is the first). For work that depends on
 * the message text only, such as ranking a question against the trained classifier: visitors ask
 * the same few questions in the same words, and a hit skips the feature extraction and scoring.
 * Results are shared between callers, so they must be treated as read-only.
 */
export function memoByText<T>(fn: (text: string) => T, capacity: number): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const hit = cache.get(text);
    if (hit !== undefined) {
      // Refresh: move to the newest end.
      cache.delete(text);
      cache.set(text, hit);
      return hit;
    }
    const value = fn(text);
    cache.set(text, value);
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
