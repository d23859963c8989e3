import type { Logger } from "../logging/logger.js";
import type { Kv } from "./kv.js";
import { MemoryKv } from "./memory/memory-kv.js";

/** What choosing a store needs from the configuration (src/config.ts). */
export interface StoreSettings {
  /** Set when REDIS_URL is: one server, or the nodes of a cluster. */
  readonly redis?: { readonly urls: readonly string[]; readonly cluster: boolean };
  readonly REDIS_KEY_PREFIX: string;
  readonly REDIS_COMMAND_TIMEOUT_MS: number;
}

/**
 * Connects the store chosen by configuration: Redis (one server or a cluster) when REDIS_URL is
 * set, memory otherwise. The Redis client library (about 0.2 s to load) is loaded only when it is used.
 */
export async function connectKv(settings: StoreSettings, logger: Logger): Promise<Kv> {
  if (!settings.redis) return new MemoryKv();
  const { RedisKv } = await import("./redis/redis-kv.js");
  return RedisKv.connect({ url: settings.redis.urls, cluster: settings.redis.cluster, prefix: settings.REDIS_KEY_PREFIX, commandTimeoutMs: settings.REDIS_COMMAND_TIMEOUT_MS, logger });
}
