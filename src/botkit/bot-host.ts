import { Botkit, type BotkitMessage, type BotWorker } from "botkit";
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse, type Storage, type StoreItems } from "botbuilder";
import type { InboundMessage } from "../domain/message.js";
import type { TurnHandler, TurnResult } from "../pipeline/turn.js";

/** Where a turn's result waits in botkit's turn state until the host returns it. */
const RESULT = Symbol("turn.result");

/**
 * The bot host: botkit hosts every turn, the pipeline decides it. Channels hand the host an
 * {@link InboundMessage} (they translated their request once) and get the {@link TurnResult}
 * back. Botkit's controller runs its middleware, interrupts and triggers on the message and
 * dispatches it to one `message` handler, which runs the pipeline. This folder is the only one
 * that imports botkit or botbuilder, and it imports no channel: the edge is one-way.
 */
export interface BotHost {
  run(message: InboundMessage): Promise<TurnResult>;
  /** Resolves when every turn in flight, and what it saves behind its reply, has finished. */
  drain(): Promise<void>;
}

/**
 * Botkit's dialog state is not used (our dialogs keep their state in the conversation state,
 * which the pipeline saves under the conversation lock), so nothing is read or written per turn.
 * Without a storage, botkit would keep every conversation in memory forever.
 */
class NoStorage implements Storage {
  async read(): Promise<StoreItems> {
    return {};
  }
  async write(): Promise<void> {}
  async delete(): Promise<void> {}
}

/**
 * The one botbuilder adapter: it makes an activity of an inbound message, runs botkit on it
 * and collects what botkit sends back. It never touches a network: channels do that.
 */
class CollectingAdapter extends BotAdapter {
  async run(message: InboundMessage, logic: (context: TurnContext) => Promise<void>): Promise<TurnContext> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: message.id,
      channelId: message.channel,
      timestamp: message.receivedAt,
      conversation: { id: message.conversationId } as Activity["conversation"],
      from: { id: message.conversationId, name: "" },
      recipient: { id: "bot", name: "bot" },
      text: message.text,
      channelData: { inbound: message },
    };
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
    return context;
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    // Replies travel in the turn result and each channel renders them; a botkit plugin that
    // replies directly has nowhere to send to.
    return activities.map((_, i) => ({ id: String(i) }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error("A sent message cannot be changed");
  }

  override async deleteActivity(): Promise<void> {
    throw new Error("A sent message cannot be deleted");
  }

  override async continueConversation(_reference: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> {
    throw new Error("Messages the bot sends unasked go through the channel's messenger, not botkit");
  }
}

export function createBotHost(turn: TurnHandler): BotHost {
  const adapter = new CollectingAdapter();
  const controller = new Botkit({ adapter, storage: new NoStorage(), disable_webserver: true, disable_console: true });
  const inFlight = new Set<Promise<unknown>>();

  controller.on("message", async (_bot: BotWorker, message: BotkitMessage) => {
    const context = message.context as TurnContext;
    const inbound = (context.activity.channelData as { inbound: InboundMessage }).inbound;
    const result = await turn(inbound);
    context.turnState.set(RESULT, result);
  });

  return {
    run: async (message) => {
      const running = adapter.run(message, (context) => controller.handleTurn(context));
      inFlight.add(running);
      try {
        const context = await running;
        const result = context.turnState.get(RESULT) as TurnResult | undefined;
        if (!result) throw new Error("botkit did not run the turn");
        inFlight.add(result.background);
        void result.background.finally(() => inFlight.delete(result.background));
        return result;
      } finally {
        inFlight.delete(running);
      }
    },
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
