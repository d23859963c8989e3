import { Botkit, type BotkitMessage, type BotWorker } from "botkit";
import type { Activity, BotAdapter } from "botbuilder";
import type { InboundMessage, Reply } from "../domain/message.js";
import type { TurnHandler, TurnResult } from "../pipeline/turn.js";
import type { Kv } from "../state/kv.js";
import type { Logger } from "../logging/logger.js";
import { KvStorage } from "./kv-storage.js";

/** How one botkit channel (activity.channelId) maps to the pipeline and back. */
export interface ChannelBinding {
  toInbound(activity: Partial<Activity>): InboundMessage;
  /** The activity sent for one reply (text plus channelData the adapter understands). */
  render(reply: Reply, inbound: InboundMessage): Partial<Activity>;
  /** Called with the turn's result before replies are sent (e.g. to record it for idempotency). */
  onResult?(result: TurnResult, inbound: InboundMessage, activity: Partial<Activity>): void;
}

export interface BotHost {
  readonly controller: Botkit;
  /** Pass to an adapter's processActivity or socket server. */
  readonly logic: (context: import("botbuilder").TurnContext) => Promise<void>;
  /** Resolves when every turn in flight has finished (graceful shutdown). */
  drain(): Promise<void>;
}

/**
 * Botkit hosts the bot: adapters turn requests into activities, botkit runs its middleware
 * and state, and one `message` handler hands every message to the plain turn pipeline.
 * This folder is the only one that imports botkit.
 */
export function createBotHost(options: {
  adapter: BotAdapter;
  kv: Kv;
  logger: Logger;
  turn: TurnHandler;
  bindings: ReadonlyMap<string, ChannelBinding>;
  stateTtlMs: number;
}): BotHost {
  const { logger, turn, bindings } = options;
  const controller = new Botkit({
    adapter: options.adapter,
    storage: new KvStorage(options.kv, logger, 300, options.stateTtlMs),
    disable_webserver: true,
    disable_console: true,
  });
  const inFlight = new Set<Promise<unknown>>();

  controller.on("message", async (bot: BotWorker, message: BotkitMessage) => {
    const activity = message.incoming_message as Partial<Activity>;
    const binding = bindings.get(activity.channelId ?? "");
    if (!binding) throw new Error(`No channel binding for ${activity.channelId}`);
    const inbound = binding.toInbound(activity);
    const running = turn(inbound);
    inFlight.add(running);
    try {
      const result = await running;
      inFlight.add(result.background);
      void result.background.finally(() => inFlight.delete(result.background));
      binding.onResult?.(result, inbound, activity);
      for (const reply of result.replies) await bot.reply(message, binding.render(reply, inbound));
    } finally {
      inFlight.delete(running);
    }
  });

  return {
    controller,
    logic: (context) => controller.handleTurn(context),
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
