import type { Activity } from "botbuilder";
import type { ChannelBinding } from "../../botkit/bot-host.js";
import { toInboundMessage, toWebReply, type WebMessage } from "./web-message.js";

/** Web visitors, over the webhook (`POST /api/messages`) or the websocket. */
export const webBinding: ChannelBinding = {
  toInbound(activity: Partial<Activity>) {
    // The HTTP route and the socket validated channelData with webMessageSchema before the turn.
    return toInboundMessage(activity.channelData as WebMessage);
  },
  render(reply) {
    const { type: _type, text, ...channelData } = toWebReply(reply);
    return { type: "message", text, channelData };
  },
};
