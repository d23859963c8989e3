import { createClient, type RedisClientType } from "redis";
import type { Kv } from "../kv.js";
import type { Logger } from "../../logging/logger.js";
import { withTimeLimit } from "../../util/time-limit.js";

export interface RedisKvOptions {
  url: string;
  /** Prepended to every key, e.g. "kcb:" (tests use a random one). */
  prefix: string;
  /** A command that takes longer fails instead of piling up turns behind it. */
  commandTimeoutMs: number;
  logger?: Logger;
}

// Both scripts touch only keys passed in KEYS, so they work on Redis Cluster when the keys share a hash tag.
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const CLAIM_WITH_GUARD = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 'guardMismatch' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'exists' end
redis.call('DEL', KEYS[1])
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) else redis.call('SET', KEYS[2], ARGV[2]) end
return 'claimed'`;
// One round trip per transcript write: push, trim, and the retention clock unless the list was kept for good.
const LIST_PUSH = `
local persistent = ARGV[3] == '1' and redis.call('PTTL', KEYS[1]) == -1
redis.call('RPUSH', KEYS[1], unpack(ARGV, 4))
if tonumber(ARGV[1]) > 0 then redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1) end
if tonumber(ARGV[2]) > 0 and not persistent then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('LLEN', KEYS[1])`;
const INCR_WITH_TTL = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 and redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

/**
 * {@link Kv} on Redis through the `redis` package. The offline queue is disabled and every
 * command has a timeout, so while Redis is down or slow calls fail fast instead of queueing
 * without bound; the client reconnects by itself.
 */
export class RedisKv implements Kv {
  readonly kind = "redis" as const;
  private readonly client: RedisClientType;
  private subscriber: RedisClientType | undefined;
  private readonly prefix: string;

  private constructor(
    private readonly options: RedisKvOptions,
    client: RedisClientType,
  ) {
    this.client = client;
    this.prefix = options.prefix;
  }

  /** Connects; rejects when Redis cannot be reached within the command timeout. */
  static async connect(options: RedisKvOptions): Promise<RedisKv> {
    const client = createRedisClient(options);
    const kv = new RedisKv(options, client);
    await withTimeLimit(client.connect(), Math.max(options.commandTimeoutMs, 3000), "Redis connect timed out").catch(async (err) => {
      client.destroy();
      throw err;
    });
    return kv;
  }

  /**
   * node-redis's own command timeout only covers the wait before a command is written; a
   * command already sent to a stalled Redis would wait for it. This bounds the whole call.
   */
  private limit<T>(promise: Promise<T>): Promise<T> {
    const ms = this.options.commandTimeoutMs;
    return ms > 0 ? withTimeLimit(promise, ms, `Redis command took over ${ms} ms`) : promise;
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  async ping(): Promise<void> {
    if (!this.client.isReady) throw new Error("Redis is not connected");
    await this.limit(this.client.ping());
  }

  async close(): Promise<void> {
    const clients = [this.client, this.subscriber].filter((c): c is RedisClientType => c !== undefined);
    await Promise.all(clients.map((c) => (c.isOpen ? c.close().catch(() => c.destroy()) : undefined)));
  }

  async get(key: string): Promise<string | null> {
    return this.limit(this.client.get(this.k(key)));
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    return this.limit(this.client.mGet(keys.map((k) => this.k(k))));
  }

  async set(key: string, value: string, options: { ttlMs?: number; nx?: boolean } = {}): Promise<boolean> {
    const reply = await this.limit(this.client.set(this.k(key), value, {
      ...(options.ttlMs !== undefined ? { expiration: { type: "PX" as const, value: Math.max(1, Math.round(options.ttlMs)) } } : {}),
      ...(options.nx ? { condition: "NX" as const } : {}),
    }));
    return reply === "OK";
  }

  async del(...keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.limit(this.client.del(keys.map((k) => this.k(k))));
  }

  async incr(key: string, options: { by?: number; ttlMs?: number } = {}): Promise<number> {
    const reply = await this.limit(this.client.eval(INCR_WITH_TTL, {
      keys: [this.k(key)],
      arguments: [String(options.by ?? 1), String(Math.round(options.ttlMs ?? 0))],
    }));
    return Number(reply);
  }

  async expire(key: string, ttlMs: number | null): Promise<boolean> {
    if (ttlMs === null) return (await this.limit(this.client.persist(this.k(key)))) === 1 || (await this.limit(this.client.exists(this.k(key)))) === 1;
    return (await this.limit(this.client.pExpire(this.k(key), Math.max(1, Math.round(ttlMs))))) === 1;
  }

  async pttl(key: string): Promise<number> {
    return this.limit(this.client.pTTL(this.k(key)));
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    const reply = await this.limit(this.client.eval(COMPARE_AND_DELETE, { keys: [this.k(key)], arguments: [expected] }));
    return Number(reply) === 1;
  }

  async claimWithGuard(
    guardKey: string,
    guardValue: string,
    key: string,
    value: string,
    options: { ttlMs?: number } = {},
  ): Promise<"claimed" | "guardMismatch" | "exists"> {
    const reply = await this.limit(this.client.eval(CLAIM_WITH_GUARD, {
      keys: [this.k(guardKey), this.k(key)],
      arguments: [guardValue, value, String(Math.round(options.ttlMs ?? 0))],
    }));
    return String(reply) as "claimed" | "guardMismatch" | "exists";
  }

  async listPush(key: string, values: readonly string[], options: { maxLength?: number; ttlMs?: number; keepPersistent?: boolean } = {}): Promise<number> {
    if (values.length === 0) return this.limit(this.client.lLen(this.k(key)));
    const reply = await this.limit(
      this.client.eval(LIST_PUSH, {
        keys: [this.k(key)],
        arguments: [String(options.maxLength ?? 0), String(Math.round(options.ttlMs ?? 0)), options.keepPersistent ? "1" : "0", ...values],
      }),
    );
    return Number(reply);
  }

  async listRange(key: string, start: number, stop: number): Promise<string[]> {
    return this.limit(this.client.lRange(this.k(key), start, stop));
  }

  async zadd(key: string, score: number, member: string): Promise<void> {
    await this.limit(this.client.zAdd(this.k(key), { score, value: member }));
  }

  async zrem(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.limit(this.client.zRem(this.k(key), members));
  }

  async zrangeByScore(key: string, min: number, max: number, options: { limit?: number } = {}) {
    const reply = await this.limit(this.client.zRangeWithScores(this.k(key), min, max, {
      BY: "SCORE",
      ...(options.limit !== undefined ? { LIMIT: { offset: 0, count: options.limit } } : {}),
    }));
    return reply.map((r) => ({ member: String(r.value), score: r.score }));
  }

  async zrevrange(key: string, start: number, stop: number) {
    const reply = await this.limit(this.client.zRangeWithScores(this.k(key), start, stop, { REV: true }));
    return reply.map((r) => ({ member: String(r.value), score: r.score }));
  }

  async zscore(key: string, member: string): Promise<number | null> {
    const reply = await this.limit(this.client.zScore(this.k(key), member));
    return reply === null ? null : Number(reply);
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await this.limit(this.client.hSet(this.k(key), { ...fields }));
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return { ...(await this.limit(this.client.hGetAll(this.k(key)))) };
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    if (fields.length === 0) return 0;
    return this.limit(this.client.hDel(this.k(key), fields));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.limit(this.client.publish(this.k(channel), message));
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    if (!this.subscriber) {
      // Subscriptions need a connection of their own; it keeps the offline queue so it resubscribes after a reconnect.
      const sub = createRedisClient({ ...this.options, commandTimeoutMs: 0 }, { offlineQueue: true });
      this.subscriber = sub;
      await sub.connect();
    }
    const full = this.k(channel);
    const listener = (message: string) => handler(message);
    await this.subscriber.subscribe(full, listener);
    return async () => {
      if (this.subscriber?.isOpen) await this.subscriber.unsubscribe(full, listener).catch(() => undefined);
    };
  }
}

function createRedisClient(options: RedisKvOptions, extra: { offlineQueue?: boolean } = {}): RedisClientType {
  const client = createClient({
    url: options.url,
    disableOfflineQueue: !extra.offlineQueue,
    socket: {
      connectTimeout: Math.max(options.commandTimeoutMs, 2000),
      // Keep trying for ever, at most every 2 s: Redis coming back must heal the bot without a restart.
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
    },
  }) as RedisClientType;
  let lastLogged = 0;
  client.on("error", (err: Error) => {
    // Without a listener node-redis would crash the process; log at most once every 10 s.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      options.logger?.warn({ err }, "redis error");
    }
  });
  return client;
}
