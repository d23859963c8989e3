import { createHash } from "node:crypto";
import { createClient, createCluster, type RedisClientType, type RedisClusterType } from "redis";
import { countedEventKeys, type CountedEvent, type Kv } from "../kv.js";
import type { Logger } from "../../logging/logger.js";
import { withTimeLimit } from "../../util/time-limit.js";
import { DeadlineSweep } from "../../util/deadlines.js";
import { assertOneSlot, groupBySlot } from "../hash-slot.js";

export interface RedisKvOptions {
  /** One Redis URL, or the URLs of some nodes of a Redis Cluster (any one is enough to find the rest). */
  url: string | readonly string[];
  /** Use node-redis's cluster client. Defaults to true when several URLs are given. */
  cluster?: boolean;
  /** Prepended to every key, e.g. "kcb:" (tests use a random one). */
  prefix: string;
  /** A command that takes longer fails instead of piling up turns behind it. */
  commandTimeoutMs: number;
  logger?: Logger;
}

/** REDIS_URL points at a node of a Redis Cluster but the single-server client was asked for. */
export class RedisClusterNodeError extends Error {
  constructor(url: string) {
    super(`${redactUrl(url)} is a Redis Cluster node: set REDIS_CLUSTER=true (or list several nodes in REDIS_URL) so the cluster client is used`);
    this.name = "RedisClusterNodeError";
  }
}

// Every script touches only keys passed in KEYS; a script with several keys checks first that
// they share a slot (assertOneSlot), so it runs on Redis Cluster as on one server.
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
// Kv.countOnce. KEYS: the marker (when ARGV[1] = '1', set NX with ttl ARGV[2]; when it exists nothing
// is counted), then each of the ARGV[3] counters, followed by its own marker when it has one, then the
// list (when there is an append). Per counter, ARGV holds its ttl, '1' when it has a marker, that
// marker's ttl; then '1' when there is an append, the value, the list's length and its ttl.
const COUNT_ONCE = `
local function fresh(key, ttl)
  if tonumber(ttl) > 0 then return redis.call('SET', key, '1', 'NX', 'PX', ttl) end
  return redis.call('SET', key, '1', 'NX')
end
local k = 1
if ARGV[1] == '1' then
  if not fresh(KEYS[1], ARGV[2]) then return 0 end
  k = 2
end
local a = 4
for i = 1, tonumber(ARGV[3]) do
  local key = KEYS[k]
  k = k + 1
  local count = true
  if ARGV[a + 1] == '1' then
    count = fresh(KEYS[k], ARGV[a + 2])
    k = k + 1
  end
  if count then
    redis.call('INCR', key)
    if tonumber(ARGV[a]) > 0 and redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, ARGV[a]) end
  end
  a = a + 3
end
if ARGV[a] == '1' then
  redis.call('RPUSH', KEYS[k], ARGV[a + 1])
  if tonumber(ARGV[a + 2]) > 0 then redis.call('LTRIM', KEYS[k], -tonumber(ARGV[a + 2]), -1) end
  if tonumber(ARGV[a + 3]) > 0 then redis.call('PEXPIRE', KEYS[k], ARGV[a + 3]) end
end
return 1`;

const INCR_WITH_TTL = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 and redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

/**
 * The commands {@link RedisKv} sends, which the single-server and the cluster client both
 * have with the same signatures (the cluster client routes each by its first key).
 */
type Commands = Pick<
  RedisClientType,
  | "get"
  | "mGet"
  | "set"
  | "del"
  | "eval"
  | "evalSha"
  | "persist"
  | "exists"
  | "pExpire"
  | "pTTL"
  | "lLen"
  | "lRange"
  | "zAdd"
  | "zRem"
  | "zRangeWithScores"
  | "zScore"
  | "hSet"
  | "hGetAll"
  | "hDel"
  | "publish"
>;

const shas = new Map<string, string>();
/** The SHA1 Redis knows a script by. */
function scriptSha(source: string): string {
  let sha = shas.get(source);
  if (sha === undefined) {
    sha = createHash("sha1").update(source).digest("hex");
    shas.set(source, sha);
  }
  return sha;
}

type Connection = { readonly topology: "single"; readonly client: RedisClientType } | { readonly topology: "cluster"; readonly client: RedisClusterType };

/**
 * {@link Kv} on Redis through the `redis` package: one server, or a Redis Cluster through
 * node-redis's cluster client. The offline queue is disabled and every command has a time
 * limit, so while Redis is down or slow calls fail fast instead of queueing without bound;
 * the clients reconnect by themselves.
 *
 * On a cluster, MGET and DEL of keys in several slots are split into one command per slot
 * (sent together, so node-redis pipelines them per node); scripts with several keys must
 * have them in one slot, which every implementation checks ({@link assertOneSlot}).
 */
export class RedisKv implements Kv {
  readonly kind = "redis" as const;
  readonly topology: "single" | "cluster";
  private readonly commands: Commands;
  private subscriber: Connection | undefined;
  private readonly prefix: string;
  private readonly deadlines: DeadlineSweep | undefined;

  private constructor(
    private readonly options: RedisKvOptions,
    private readonly connection: Connection,
  ) {
    this.topology = connection.topology;
    const ms = options.commandTimeoutMs;
    // Every command has the same limit: one timer keeps them all (a timer per command was a tenth of a turn's allocations).
    this.deadlines = ms > 0 ? new DeadlineSweep(ms, `Redis command took over ${ms} ms`) : undefined;
    this.commands = connection.client as unknown as Commands;
    this.prefix = options.prefix;
  }

  /**
   * Connects; rejects when Redis cannot be reached within the command timeout, and when a
   * single-server URL turns out to be a cluster node (its commands would fail with MOVED).
   */
  static async connect(options: RedisKvOptions): Promise<RedisKv> {
    const connection = openConnection(options);
    const kv = new RedisKv(options, connection);
    const budget = Math.max(options.commandTimeoutMs, 3000);
    try {
      await withTimeLimit(connection.client.connect() as Promise<unknown>, budget, "Redis connect timed out");
      if (connection.topology === "single" && (await isClusterNode(connection.client, budget))) throw new RedisClusterNodeError(urlsOf(options)[0]!);
    } catch (err) {
      connection.client.destroy();
      throw err;
    }
    return kv;
  }

  /**
   * node-redis's own command timeout only covers the wait before a command is written; a
   * command already sent to a stalled Redis would wait for it. This bounds the whole call.
   */
  private limit<T>(promise: Promise<T>): Promise<T> {
    return this.deadlines ? this.deadlines.limit(promise) : promise;
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  /**
   * Runs a Lua script by its SHA1 (EVALSHA), so Redis neither receives nor hashes the source on
   * every call; a server that does not have it yet (restarted, another cluster node) gets the
   * source once (EVAL caches it).
   */
  private async script(source: string, options: { keys: string[]; arguments: string[] }): Promise<unknown> {
    try {
      return await this.commands.evalSha(scriptSha(source), options);
    } catch (err) {
      if (!String((err as Error)?.message ?? "").startsWith("NOSCRIPT")) throw err;
      return this.commands.eval(source, options);
    }
  }

  /**
   * Single server: it answers PING. Cluster: every master answers and reports
   * `cluster_state:ok` (it sees all 16384 slots served); the error names the failing node.
   */
  async ping(): Promise<void> {
    const { connection } = this;
    if (connection.topology === "single") {
      if (!connection.client.isReady) throw new Error("Redis is not connected");
      await this.limit(connection.client.ping());
      return;
    }
    const cluster = connection.client;
    if (!cluster.isOpen) throw new Error("Redis Cluster is not connected");
    const masters = cluster.masters;
    if (masters.length === 0) throw new Error("Redis Cluster has no reachable master");
    await Promise.all(
      masters.map(async (master) => {
        const address = `${master.host}:${master.port}`;
        try {
          const client = await this.limit(cluster.nodeClient(master));
          if (!client.isReady) throw new Error("not connected");
          const info = String(await this.limit(client.sendCommand(["CLUSTER", "INFO"])));
          const state = /cluster_state:(\w+)/.exec(info)?.[1];
          if (state !== "ok") throw new Error(`cluster_state is ${state ?? "unknown"} (some slots have no reachable master)`);
        } catch (err) {
          throw new Error(`Redis Cluster node ${address}: ${(err as Error).message}`);
        }
      }),
    );
  }

  async close(): Promise<void> {
    const connections = [this.connection, this.subscriber].filter((c): c is Connection => c !== undefined);
    await Promise.all(
      connections.map(async ({ client }) => {
        if (client.isOpen) await client.close().catch(() => client.destroy());
      }),
    );
  }

  async get(key: string): Promise<string | null> {
    return this.limit(this.commands.get(this.k(key)));
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    const full = keys.map((k) => this.k(k));
    if (this.topology === "single") return this.limit(this.commands.mGet(full));
    const out = new Array<string | null>(full.length).fill(null);
    await this.limit(
      Promise.all(
        groupBySlot(full).map(async (positions) => {
          const values = await this.commands.mGet(positions.map((i) => full[i]!));
          positions.forEach((position, j) => (out[position] = values[j] ?? null));
        }),
      ),
    );
    return out;
  }

  async set(key: string, value: string, options: { ttlMs?: number; nx?: boolean } = {}): Promise<boolean> {
    const reply = await this.limit(
      this.commands.set(this.k(key), value, {
        ...(options.ttlMs !== undefined ? { expiration: { type: "PX" as const, value: Math.max(1, Math.round(options.ttlMs)) } } : {}),
        ...(options.nx ? { condition: "NX" as const } : {}),
      }),
    );
    return reply === "OK";
  }

  async del(...keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const full = keys.map((k) => this.k(k));
    if (this.topology === "single") return this.limit(this.commands.del(full));
    const counts = await this.limit(Promise.all(groupBySlot(full).map((positions) => this.commands.del(positions.map((i) => full[i]!)))));
    return counts.reduce((a, b) => a + b, 0);
  }

  async incr(key: string, options: { by?: number; ttlMs?: number } = {}): Promise<number> {
    const reply = await this.limit(
      this.script(INCR_WITH_TTL, {
        keys: [this.k(key)],
        arguments: [String(options.by ?? 1), String(Math.round(options.ttlMs ?? 0))],
      }),
    );
    return Number(reply);
  }

  async countOnce(event: CountedEvent): Promise<boolean> {
    const keys = countedEventKeys(event).map((k) => this.k(k));
    assertOneSlot(keys);
    const ms = (n: number | undefined) => String(Math.round(n ?? 0));
    const { marker, append } = event;
    const args = [marker ? "1" : "0", ms(marker?.ttlMs), String(event.counters.length)];
    for (const c of event.counters) args.push(ms(c.ttlMs), c.onceKey !== undefined ? "1" : "0", ms(c.onceTtlMs));
    if (append) args.push("1", append.value, ms(append.maxLength), ms(append.ttlMs));
    else args.push("0");
    return Number(await this.limit(this.script(COUNT_ONCE, { keys, arguments: args }))) === 1;
  }

  async expire(key: string, ttlMs: number | null): Promise<boolean> {
    if (ttlMs === null) return (await this.limit(this.commands.persist(this.k(key)))) === 1 || (await this.limit(this.commands.exists(this.k(key)))) === 1;
    return (await this.limit(this.commands.pExpire(this.k(key), Math.max(1, Math.round(ttlMs))))) === 1;
  }

  async pttl(key: string): Promise<number> {
    return this.limit(this.commands.pTTL(this.k(key)));
  }

  async compareAndDelete(key: string, expected: string): Promise<boolean> {
    const reply = await this.limit(this.script(COMPARE_AND_DELETE, { keys: [this.k(key)], arguments: [expected] }));
    return Number(reply) === 1;
  }

  async claimWithGuard(
    guardKey: string,
    guardValue: string,
    key: string,
    value: string,
    options: { ttlMs?: number } = {},
  ): Promise<"claimed" | "guardMismatch" | "exists"> {
    const keys = [this.k(guardKey), this.k(key)];
    assertOneSlot(keys);
    const reply = await this.limit(this.script(CLAIM_WITH_GUARD, { keys, arguments: [guardValue, value, String(Math.round(options.ttlMs ?? 0))] }));
    return String(reply) as "claimed" | "guardMismatch" | "exists";
  }

  async listPush(key: string, values: readonly string[], options: { maxLength?: number; ttlMs?: number; keepPersistent?: boolean } = {}): Promise<number> {
    if (values.length === 0) return this.limit(this.commands.lLen(this.k(key)));
    const reply = await this.limit(
      this.script(LIST_PUSH, {
        keys: [this.k(key)],
        arguments: [String(options.maxLength ?? 0), String(Math.round(options.ttlMs ?? 0)), options.keepPersistent ? "1" : "0", ...values],
      }),
    );
    return Number(reply);
  }

  async listRange(key: string, start: number, stop: number): Promise<string[]> {
    return this.limit(this.commands.lRange(this.k(key), start, stop));
  }

  async zadd(key: string, score: number, member: string): Promise<void> {
    await this.limit(this.commands.zAdd(this.k(key), { score, value: member }));
  }

  async zrem(key: string, ...members: string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.limit(this.commands.zRem(this.k(key), members));
  }

  async zrangeByScore(key: string, min: number, max: number, options: { limit?: number } = {}) {
    const reply = await this.limit(
      this.commands.zRangeWithScores(this.k(key), min, max, {
        BY: "SCORE",
        ...(options.limit !== undefined ? { LIMIT: { offset: 0, count: options.limit } } : {}),
      }),
    );
    return reply.map((r) => ({ member: String(r.value), score: r.score }));
  }

  async zrevrange(key: string, start: number, stop: number) {
    const reply = await this.limit(this.commands.zRangeWithScores(this.k(key), start, stop, { REV: true }));
    return reply.map((r) => ({ member: String(r.value), score: r.score }));
  }

  async zscore(key: string, member: string): Promise<number | null> {
    const reply = await this.limit(this.commands.zScore(this.k(key), member));
    return reply === null ? null : Number(reply);
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await this.limit(this.commands.hSet(this.k(key), { ...fields }));
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return { ...(await this.limit(this.commands.hGetAll(this.k(key)))) };
  }

  async hdel(key: string, ...fields: string[]): Promise<number> {
    if (fields.length === 0) return 0;
    return this.limit(this.commands.hDel(this.k(key), fields));
  }

  /** On a cluster, classic PUBLISH goes to any node and Redis relays it to every node's subscribers. */
  async publish(channel: string, message: string): Promise<void> {
    await this.limit(this.commands.publish(this.k(channel), message));
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
    if (!this.subscriber) {
      // Subscriptions need a connection of their own; it keeps the offline queue so it resubscribes after a reconnect.
      const sub = openConnection({ ...this.options, commandTimeoutMs: 0 }, { offlineQueue: true });
      this.subscriber = sub;
      await (sub.client.connect() as Promise<unknown>);
    }
    const subscriber = this.subscriber.client;
    const full = this.k(channel);
    const listener = (message: string) => handler(message);
    await subscriber.subscribe(full, listener);
    return async () => {
      if (subscriber.isOpen) await subscriber.unsubscribe(full, listener).catch(() => undefined);
    };
  }
}

function urlsOf(options: Pick<RedisKvOptions, "url">): string[] {
  return typeof options.url === "string" ? [options.url] : [...options.url];
}

function openConnection(options: RedisKvOptions, extra: { offlineQueue?: boolean } = {}): Connection {
  const urls = urlsOf(options);
  const clientOptions = {
    disableOfflineQueue: !extra.offlineQueue,
    socket: {
      connectTimeout: Math.max(options.commandTimeoutMs, 2000),
      // Keep trying for ever, at most every 2 s: Redis coming back must heal the bot without a restart.
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
    },
  };
  let lastLogged = 0;
  // Without a listener node-redis would crash the process; log at most once every 10 s.
  const onError = (err: Error, node?: { host?: string; port?: number }) => {
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      options.logger?.warn({ err, ...(node?.host ? { node: `${node.host}:${node.port}` } : {}) }, "redis error");
    }
  };
  if (options.cluster ?? urls.length > 1) {
    const cluster = createCluster({ rootNodes: urls.map((url) => ({ url })), defaults: clientOptions }) as RedisClusterType;
    cluster.on("error", (err: Error) => onError(err));
    cluster.on("node-error", (err: Error, node: { host?: string; port?: number }) => onError(err, node));
    return { topology: "cluster", client: cluster };
  }
  const client = createClient({ url: urls[0], ...clientOptions }) as RedisClientType;
  client.on("error", (err: Error) => onError(err));
  return { topology: "single", client };
}

/** Whether a server is a Redis Cluster node (`INFO cluster`); a server that refuses INFO is taken as not. */
async function isClusterNode(client: RedisClientType, budgetMs: number): Promise<boolean> {
  try {
    const info = await withTimeLimit(client.info("cluster"), budgetMs, "INFO timed out");
    return /cluster_enabled:1/.test(info);
  } catch {
    return false;
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "REDIS_URL";
  }
}
