import { Botkit, type BotkitMessage, type BotWorker } from "botkit";
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse, type Storage, type StoreItems } from "botbuilder";
import type { InboundMessage } from "../domain/message.js";
import type { TurnHandler, TurnResult } from "../pipeline/turn.js";

/** Where a turn's result waits in botkit's turn state until the host returns it. */
const RESULT = Symbol("turn.result");

/**
 * The bot host: botkit hosts every turn, the pipeline decides it. Channels hand the host an
 * {@link InboundMessage} (they translated their request once) and get the {@link TurnResult}
 * back. Botkit's controller runs its middleware on the message and dispatches it to one
 * `message` handler, which runs the pipeline. This folder is the only one
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

/** Runs one of botkit's middleware chains (ingest, receive) on the message, as its controller does. */
function runMiddleware(chain: { run(...args: unknown[]): void }, bot: BotWorker, message: BotkitMessage): Promise<void> {
  return new Promise((resolve, reject) => chain.run(bot, message, (err: unknown) => (err ? reject(err) : resolve())));
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

  /**
   * The turn as botkit's controller runs it, through its public API, without the dialog stack:
   * the activity becomes a botkit message, a worker is spawned (spawn middleware), the ingest
   * and receive middleware run, and the controller triggers the message's event, which runs the
   * `message` handler above. Botkit's `handleTurn` would also load and save a dialog state
   * (two dialog contexts and a change hash per turn, about a tenth of a turn's CPU) for dialogs
   * this product never starts: its dialogs live in the conversation state.
   */
  async function hostTurn(context: TurnContext): Promise<void> {
    const { activity } = context;
    const reference = TurnContext.getConversationReference(activity);
    const message: BotkitMessage = {
      ...(activity.channelData as object),
      type: activity.type,
      user: activity.from.id,
      text: activity.text,
      channel: activity.conversation.id,
      value: activity.value,
      reference,
      context,
      incoming_message: activity,
    } as BotkitMessage;
    context.turnState.set("botkitMessage", message);
    const bot = await controller.spawn({ context, reference, activity });
    await runMiddleware(controller.middleware.ingest, bot, message);
    await runMiddleware(controller.middleware.receive, bot, message);
    await controller.trigger(message.type, bot, message);
  }

  return {
    run: async (message) => {
      const running = adapter.run(message, hostTurn);
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
