/**
 * The storage primitives every repository builds on. Two implementations share one
 * contract suite (tests/state/kv.contract.ts), run on memory, one Redis and a Redis Cluster:
 * {@link MemoryKv} and {@link RedisKv}.
 *
 * Keys are given without the deployment prefix; implementations add it. Keys that one
 * atomic operation touches together ({@link Kv.claimWithGuard}) must share a Redis Cluster
 * hash tag, e.g. `slot:{2026-11-24T17:00}:hold` and `slot:{2026-11-24T17:00}:booking`;
 * every implementation refuses them otherwise (`CrossSlotError`), so a mistake shows on
 * memory too. {@link Kv.mget} and {@link Kv.del} take keys in any slots: on a cluster they
 * are split per slot, so they are not atomic across slots (nothing here needs that).
 */
export interface Kv {
  readonly kind: "memory" | "redis";
  /** Redis only: one server or a Redis Cluster (shown in /healthz). */
  readonly topology?: "single" | "cluster";
  /** Resolves when the backend answers; rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;

  get(key: string): Promise<string | null>;
  /** Values in the order of `keys`; keys may be in different hash slots. */
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Returns false when `nx` is set and the key exists. */
  set(key: string, value: string, options?: { ttlMs?: number; nx?: boolean }): Promise<boolean>;
  /** How many of the keys existed; keys may be in different hash slots. */
  del(...keys: string[]): Promise<number>;
  /** Atomically adds `by`; a new key starts at 0 and gets `ttlMs` (when given). */
  incr(key: string, options?: { by?: number; ttlMs?: number }): Promise<number>;
  /**
   * Counts an event in one atomic round trip: when `marker` is new (it is then set, with its
   * ttl; without a marker, always), adds one to each counter (a new counter gets its `ttlMs`, as
   * {@link incr} sets it; a counter with a `onceKey` only when that marker is new too, e.g. once
   * per conversation), and appends `append.value` to a list trimmed to its newest `maxLength`,
   * whose time to live becomes `ttlMs`. Resolves whether the event was new, so a retried event
   * is counted once. Every key must share one hash slot (rejects with `CrossSlotError` otherwise).
   */
  countOnce(event: CountedEvent): Promise<boolean>;
  /** Sets a time to live; `null` removes it (the key is kept for good). */
  expire(key: string, ttlMs: number | null): Promise<boolean>;
  /** Remaining time to live in ms; -1 when the key has none, -2 when it does not exist. */
  pttl(key: string): Promise<number>;

  /** Deletes `key` only if it holds `expected` (releasing a lock or a hold by its token). */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  /**
   * Atomically: if `guardKey` holds `guardValue`, delete it and set `key` to `value`
   * unless `key` exists. Turns a hold into a booking so that no two people get one slot.
   * Both keys must share a hash slot (rejects with `CrossSlotError` otherwise).
   */
  claimWithGuard(
    guardKey: string,
    guardValue: string,
    key: string,
    value: string,
    options?: { ttlMs?: number },
  ): Promise<"claimed" | "guardMismatch" | "exists">;

  /**
   * Appends to a list, trimming it to the newest `maxLength` items, and sets `ttlMs` on the
   * whole list; with `keepPersistent`, a list that exists without a time to live keeps none.
   */
  listPush(key: string, values: readonly string[], options?: { maxLength?: number; ttlMs?: number; keepPersistent?: boolean }): Promise<number>;
  /** Items from `start` to `stop` inclusive; negative indexes count from the end. */
  listRange(key: string, start: number, stop: number): Promise<string[]>;

  /** Sorted set: add or update a member's score. */
  zadd(key: string, score: number, member: string): Promise<void>;
  zrem(key: string, ...members: string[]): Promise<number>;
  /** Members with min <= score <= max, lowest first. */
  zrangeByScore(key: string, min: number, max: number, options?: { limit?: number }): Promise<{ member: string; score: number }[]>;
  /** Members from the highest score down. */
  zrevrange(key: string, start: number, stop: number): Promise<{ member: string; score: number }[]>;
  zscore(key: string, member: string): Promise<number | null>;

  /** Hash: set fields. */
  hset(key: string, fields: Readonly<Record<string, string>>): Promise<void>;
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, ...fields: string[]): Promise<number>;

  /** Publishes to every process's subscribers (websocket delivery across processes). */
  publish(channel: string, message: string): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
}

/** What {@link Kv.countOnce} records. */
export interface CountedEvent {
  readonly marker?: { readonly key: string; readonly ttlMs?: number };
  readonly counters: readonly { readonly key: string; readonly ttlMs?: number; readonly onceKey?: string; readonly onceTtlMs?: number }[];
  readonly append?: { readonly key: string; readonly value: string; readonly maxLength?: number; readonly ttlMs?: number };
}

/** Every key a {@link CountedEvent} touches, in the order the Redis script reads them. */
export function countedEventKeys(event: CountedEvent): string[] {
  const keys = event.marker ? [event.marker.key] : [];
  for (const c of event.counters) keys.push(c.key, ...(c.onceKey !== undefined ? [c.onceKey] : []));
  if (event.append) keys.push(event.append.key);
  return keys;
}
