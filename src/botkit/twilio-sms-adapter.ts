import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from "botbuilder";
import { packSmsMessages } from "../channels/sms/sms-render.js";
import { smsConversationId } from "../channels/sms/sms-inbound.js";
import { toTwiml } from "../channels/sms/twiml.js";
import type { InboundSms } from "../channels/sms/twilio-form.js";

type Logic = (context: TurnContext) => Promise<void>;

/** Where one turn's replies are collected (a key in the turn's state). */
const OUTBOX = Symbol("sms.outbox");

/** What one SMS turn produced: the texts, and the TwiML that sends them. */
export interface SmsTurnOutcome {
  /** One entry per SMS message, in order. */
  readonly messages: readonly string[];
  readonly twiml: string;
}

/**
 * Botkit's adapter for Twilio SMS, on the current twilio package (the published
 * botbuilder-adapter-twilio-sms pins twilio 3). It never touches HTTP: the route checked
 * the signature and parsed the form; `processActivity` turns that form into an activity
 * (channelId "twilio-sms"), runs botkit, and answers with the replies as TwiML, so an
 * ordinary turn needs no outbound API call. Texts sent without an inbound message go
 * through the SmsSender, not through here.
 */
export class TwilioSmsAdapter extends BotAdapter {
  /** Runs one turn for a verified inbound message and collects its replies. */
  async processActivity(form: InboundSms, logic: Logic, receivedAt = new Date()): Promise<SmsTurnOutcome> {
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id: form.MessageSid,
      channelId: "twilio-sms",
      timestamp: receivedAt,
      conversation: { id: smsConversationId(form.From) } as Activity["conversation"],
      from: { id: form.From, name: "" },
      recipient: { id: form.To, name: "bot" },
      text: form.Body,
      channelData: form,
    };
    const context = new TurnContext(this, activity);
    const outbox: string[] = [];
    context.turnState.set(OUTBOX, outbox);
    await this.runMiddleware(context, logic);
    const messages = packSmsMessages(outbox);
    return { messages, twiml: toTwiml(messages) };
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const outbox = context.turnState.get(OUTBOX) as string[] | undefined;
    if (!outbox) throw new Error("SMS replies are sent only while answering an inbound message; use the SmsSender otherwise");
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === ActivityTypes.Message && activity.text) outbox.push(activity.text);
      responses.push({ id: `${context.activity.id ?? "sms"}:${outbox.length}` });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error("A sent SMS cannot be changed");
  }

  override async deleteActivity(): Promise<void> {
    throw new Error("A sent SMS cannot be deleted");
  }

  override async continueConversation(_reference: Partial<ConversationReference>, _logic: Logic): Promise<void> {
    throw new Error("Proactive SMS goes through the SmsSender (Twilio REST API), not the adapter");
  }
}
