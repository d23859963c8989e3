import type { Config } from "../../config.js";
import type { SmsSender } from "../../domain/outbound.js";
import type { Logger } from "../../logging/logger.js";
import type { Kv } from "../../state/kv.js";
import { DeliveryStatusRepo, UnconfirmedSendLog } from "./delivery-status.js";
import { DisabledSmsSender } from "./disabled-sms-sender.js";
import { OptOutRepo } from "../../state/opt-outs.js";
import { createTwilioClient } from "./twilio-client.js";
import { TwilioSmsSender, type TwilioSmsSenderOptions } from "./twilio-sms-sender.js";

type TwilioConfig = Pick<
  Config,
  "TWILIO_ACCOUNT_SID" | "TWILIO_AUTH_TOKEN" | "TWILIO_FROM_NUMBER" | "TWILIO_MESSAGING_SERVICE_SID" | "TWILIO_API_BASE_URL" | "publicBaseUrl"
>;

/** The sender configuration asks for: Twilio when its account, token and number are set, else one that only logs. */
export function createSmsSender(
  config: TwilioConfig,
  deps: { kv: Kv; retentionMs: number; clinicName: string; logger: Logger; now?: () => Date },
  tuning: Pick<TwilioSmsSenderOptions, "maxAttempts" | "backoffMs" | "sleep"> = {},
): SmsSender {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM_NUMBER: from, TWILIO_MESSAGING_SERVICE_SID: service } = config;
  if (!accountSid || !authToken || !(from || service)) return new DisabledSmsSender(deps.logger);
  // The client (and the twilio package behind it) is made on the first text sent, not at start-up.
  let client: ReturnType<typeof createTwilioClient> | undefined;
  const lazyClient = {
    get messages() {
      client ??= createTwilioClient({ accountSid, authToken, apiBaseUrl: config.TWILIO_API_BASE_URL });
      return client.messages;
    },
  };
  return new TwilioSmsSender({
    client: lazyClient,
    sender: service ? { messagingServiceSid: service } : { from: from as string },
    statusCallbackUrl: `${config.publicBaseUrl}/twilio/status`,
    optOuts: new OptOutRepo(deps.kv),
    deliveries: new DeliveryStatusRepo(deps.kv, deps.retentionMs),
    unconfirmed: new UnconfirmedSendLog(deps.kv, deps.retentionMs),
    clinicName: deps.clinicName,
    logger: deps.logger,
    ...(deps.now ? { now: deps.now } : {}),
    ...tuning,
  });
}
