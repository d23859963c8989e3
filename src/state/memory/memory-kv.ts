import { EventEmitter } from "node:events";
import { countedEventKeys, type CountedEvent, type Kv } from "../kv.js";
import { assertOneSlot } from "../hash-slot.js";

type Value = string | string[] | Map<string, number> | Map<string, string>;
type ValueType = "string" | "list" | "zset" | "hash";
interface Entry {
  type: ValueType;
  value: Value;
  expiresAt: number | null;
}

/**
 * In-process {@link Kv}: the default when REDIS_URL is unset. Single-threaded JavaScript
 * makes every method atomic; time to live is checked on read and swept periodically.
 */
export class MemoryKv implements Kv {
  readonly kind = "memory" as const;
  private readonly data = new Map<string, Entry>();
  private readonly bus = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.bus.setMaxListeners(0);
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.bus.removeAllListeners();
  }

  async get(key: string): Promise<string | null> {
    return this.read(key, "string") ?? null;
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((k) => this.read(k, "string") ?? null);
  }

  async set(key: string, value: string, options: { ttlMs?: number; nx?: boolean } = {}): Promise<boolean> {
    if (options.nx && this.live(key)) return false;
    this.data.set(key, { type: "string", value, expiresAt: this.expiry(options.ttlMs) });
    return true;
  }

  async del(...keys: string[]): Promise<number> {
    let n = 0;
    for (const k of keys) if (this.live(k) && this.data.delete(k)) n++;
    return n;
  }

  async incr(key: string, options: { by?: number; ttlMs?: number } = {}): Promise<number> {
    const entry = this.live(key);
    const current = entry ? Number(this.read(key, "string")) : 0;
    if (Number.isNaN(current)) throw new Error(`Value at ${key} is not an integer`);
    const next = current + (options.by ?? 1);
    this.data.set(key, { type: "string", value: String(next), expiresAt: entry ? entry.expiresAt : this.expiry(options.ttlMs) });
    return next;
  }

  async countOnce(event: CountedEvent): Promise<boolean> {
    assertOneSlot(countedEventKeys(event));
    // set, incr and listPush change the map before their first await: another call sees the marker at once.
    const { marker, append } = event;
    if (marker && !(await this.set(marker.key, "1", { nx: true, ...(marker.ttlMs ? { ttlMs: marker.ttlMs } : {}) }))) return false;
    for (const c of event.counters) {
      if (c.onceKey !== undefined && !(await this.set(c.onceKey, "1", { nx: true, ...(c.onceTtlMs ? { ttlMs: c.onceTtlMs } : {}) }))) continue;
      await this.incr(c.key, c.ttlMs ? { ttlMs: c.ttlMs } : {});
    }
    if (append) await this.listPush(append.key, [append.value], { ...(append.maxLength ? { maxLength: append.maxLength } : {}), ...(append.ttlMs ? { ttlMs: append.ttlMs } : {}) });
    return true;
  }

  async expire(key: string, ttlMs: number | null): Promise<boolean> {
    const entry = this.live(key);
    if (!entry) return false;
    entry.expiresAt = ttlMs === null ? null : this.now() + ttlMs;
    return true;
  }

  async pttl(key: string): Promise<number> {
    const entry = this.live(key);
    if (!entry) return -2;
    return entry.expiresAt === null ? -1 : Math.max(0, entry.expiresAt - this.now());
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    if (this.read(key, "string") !== expected) return false;
    this.data.delete(key);
    return true;
  }

  async claimWithGuard(
    guardKey: string,
    guardValue: string,
    key: string,
    value: string,
    options: { ttlMs?: number } = {},
  ): Promise<"claimed" | "guardMismatch" | "exists"> {
    // As on Redis Cluster: keys of one script must share a slot, so a mistake shows here too.
    assertOneSlot([guardKey, key]);
    if (this.read(guardKey, "string") !== guardValue) return "guardMismatch";
    if (this.live(key)) return "exists";
    this.data.delete(guardKey);
    this.data.set(key, { type: "string", value, expiresAt: this.expiry(options.ttlMs) });
    return "claimed";
  }

  async listPush(key: string, values: readonly string[], options: { maxLength?: number; ttlMs?: number; keepPersistent?: boolean } = {}): Promise<number> {
    const list = this.read(key, "list") ?? [];
    list.push(...values);
    if (options.maxLength !== undefined && list.length > options.maxLength) list.splice(0, list.length - options.maxLength);
    const previous = this.live(key);
    const keep = options.keepPersistent === true && previous !== undefined && previous.expiresAt === null;
    const expiresAt = options.ttlMs !== undefined && !keep ? this.expiry(options.ttlMs) : (previous?.expiresAt ?? null);
    this.data.set(key, { type: "list", value: list, expiresAt });
    return list.length;
  }

  async listRange(key: string, start: number, stop: number): Promise<string[]> {
    const list = this.read(key, "list") ?? [];
    const from = start < 0 ? Math.max(0, list.length + start) : start;
    const to = stop < 0 ? list.length + stop : Math.min(stop, list.length - 1);
    return to < from ? [] : list.slice(from, to + 1);
  }

  async zadd(key: string, score: number, member: string): Promise<void> {
    const zset = this.read(key, "zset") ?? new Map<string, number>();
    zset.set(member, score);
    if (!this.live(key)) this.data.set(key, { type: "zset", value: zset, expiresAt: null });
  }

  async zrem(key: string, ...members: string[]): Promise<number> {
    const zset = this.read(key, "zset");
    if (!zset) return 0;
    let n = 0;
    for (const m of members) if (zset.delete(m)) n++;
    if (zset.size === 0) this.data.delete(key);
    return n;
  }

  async zrangeByScore(key: string, min: number, max: number, options: { limit?: number } = {}) {
    const sorted = this.sortedMembers(key).filter((e) => e.score >= min && e.score <= max);
    return options.limit === undefined ? sorted : sorted.slice(0, options.limit);
  }

  async zrevrange(key: string, start: number, stop: number) {
    const sorted = this.sortedMembers(key).reverse();
    const to = stop < 0 ? sorted.length + stop : stop;
    return sorted.slice(start, to + 1);
  }

  async zscore(key: string, member: string): Promise<number | null> {
    return this.read(key, "zset")?.get(member) ?? null;
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    const hash = this.read(key, "hash") ?? new Map<string, string>();
    for (const [f, v] of Object.entries(fields)) hash.set(f, v);
    if (!this.live(key)) this.data.set(key, { type: "hash", value: hash, expiresAt: null });
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.read(key, "hash") ?? []);
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    const hash = this.read(key, "hash");
    if (!hash) return 0;
    let n = 0;
    for (const f of fields) if (hash.delete(f)) n++;
    if (hash.size === 0) this.data.delete(key);
    return n;
  }

  async publish(channel: string, message: string): Promise<void> {
    // Deliver asynchronously, like Redis does.
    setImmediate(() => this.bus.emit(channel, message));
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    this.bus.on(channel, handler);
    return async () => {
      this.bus.off(channel, handler);
    };
  }

  private sortedMembers(key: string): { member: string; score: number }[] {
    const zset = this.read(key, "zset");
    if (!zset) return [];
    return [...zset.entries()]
      .map(([member, score]) => ({ member, score }))
      .sort((a, b) => a.score - b.score || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
  }

  private expiry(ttlMs: number | undefined): number | null {
    return ttlMs === undefined ? null : this.now() + ttlMs;
  }

  private live(key: string): Entry | undefined {
    const entry = this.data.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.data.delete(key);
      return undefined;
    }
    return entry;
  }

  private read(key: string, type: "string"): string | undefined;
  private read(key: string, type: "list"): string[] | undefined;
  private read(key: string, type: "zset"): Map<string, number> | undefined;
  private read(key: string, type: "hash"): Map<string, string> | undefined;
  private read(key: string, type: ValueType): Value | undefined {
    const entry = this.live(key);
    if (!entry) return undefined;
    if (entry.type !== type) throw new Error(`WRONGTYPE key ${key} holds a ${entry.type}, not a ${type}`);
    return entry.value;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, e] of this.data) if (e.expiresAt !== null && e.expiresAt <= now) this.data.delete(k);
  }
}
