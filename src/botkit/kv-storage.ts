import type { Storage, StoreItems } from "botbuilder";
import type { Kv } from "../state/kv.js";
import type { Logger } from "../logging/logger.js";
import { keys } from "../state/keys.js";
import { withTimeLimit } from "../util/time-limit.js";

/**
 * Botkit's dialog state in our store: a botbuilder `Storage` over {@link Kv}.
 *
 * Botkit reads this before our turn handler runs. A failing or slow store must not stop
 * the crisis reply, so reads give up after a short budget and start from empty state,
 * and failed or slow writes are logged, not thrown. (Our own dialogs keep their state in the
 * conversation state, which the pipeline saves under the conversation lock.)
 */
export class KvStorage implements Storage {
  constructor(
    private readonly kv: Kv,
    private readonly logger: Logger,
    private readonly budgetMs = 300,
    private readonly ttlMs?: number,
  ) {}

  async read(storageKeys: string[]): Promise<StoreItems> {
    if (storageKeys.length === 0) return {};
    try {
      const values = await withTimeLimit(this.kv.mget(storageKeys.map(keys.botkitState)), this.budgetMs, `store read took over ${this.budgetMs} ms`);
      const items: StoreItems = {};
      storageKeys.forEach((k, i) => {
        const raw = values[i];
        if (raw) items[k] = JSON.parse(raw);
      });
      return items;
    } catch (err) {
      this.logger.warn({ err }, "botkit state unavailable; continuing with empty dialog state");
      return {};
    }
  }

  async write(changes: StoreItems): Promise<void> {
    try {
      // Botkit saves after the replies are queued but before the webhook answers: never let a hang hold the answer.
      await withTimeLimit(
        Promise.all(Object.entries(changes).map(([k, v]) => this.kv.set(keys.botkitState(k), JSON.stringify(v), this.ttlMs ? { ttlMs: this.ttlMs } : {}))),
        this.budgetMs,
        `store write took over ${this.budgetMs} ms`,
      );
    } catch (err) {
      this.logger.warn({ err }, "botkit state not saved");
    }
  }

  async delete(storageKeys: string[]): Promise<void> {
    try {
      await this.kv.del(...storageKeys.map(keys.botkitState));
    } catch (err) {
      this.logger.warn({ err }, "botkit state not deleted");
    }
  }
}
