import express, { type Request, type Response, type Router } from "express";
import type { InboundMessage, Reply } from "../../domain/message.js";
import type { TurnResult } from "../../pipeline/turn.js";
import type { ClinicProfile } from "../../clinic/profile.js";
import type { Phrases } from "../../domain/phrases.js";
import type { Store } from "../../state/store.js";
import type { Logger } from "../../logging/logger.js";
import { HttpError } from "../../http/http-error.js";
import { fillClinic } from "../../pipeline/say.js";
import { DeliveryStatusRepo } from "./delivery-status.js";
import { toInboundSms } from "./sms-inbound.js";
import { packSmsMessages, smsReplyText } from "./sms-render.js";
import { verifiedTwilioForm } from "./signature.js";
import { toTwiml } from "./twiml.js";
import { toGsm7 } from "./to-gsm7.js";
import type { ClaimOutcome } from "../../state/idempotency.js";
import { keys } from "../../state/keys.js";
import { describeFormError, inboundSmsSchema, statusCallbackSchema, type InboundSms } from "./twilio-form.js";

/** Redeliveries of one MessageSid come within minutes; a day is ample and keeps little. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A signed webhook stays valid forever (Twilio's signature has no timestamp), so an answered
 * MessageSid is remembered this long as a bare marker (no text): a replay is refused, not run again.
 */
const SEEN_TTL_MS = 90 * 24 * 60 * 60 * 1000;
const INBOUND_SCOPE = "twilio-sms";
const STATUS_SCOPE = "twilio-status";

export interface SmsRoutesOptions {
  readonly authToken: string | undefined;
  readonly accountSid?: string | undefined;
  readonly publicBaseUrl: string;
  /** The bot: one inbound message in, its result out (the botkit host). */
  readonly run: (message: InboundMessage) => Promise<TurnResult>;
  readonly store: Pick<Store, "idempotency" | "optOuts" | "kv" | "retentionMs">;
  readonly phrases: Pick<Phrases, "tryAgainLater">;
  readonly clinic: ClinicProfile;
  readonly logger: Logger;
  readonly now: () => Date;
  /**
   * Twilio gives up on a webhook after 15 s. A turn still running at this point is answered
   * with the apology (clinic phone number) instead of nothing.
   */
  readonly replyDeadlineMs?: number;
  /** How long a duplicate delivery waits for the first one's reply. */
  readonly duplicateWaitMs?: number;
}

/** A turn's replies as TwiML: each reply's SMS text, packed into as few messages as make sense. */
export function repliesToTwiml(replies: readonly Reply[]): string {
  return toTwiml(packSmsMessages(replies.map(smsReplyText)));
}

/**
 * `POST /twilio/sms` (Twilio's inbound message webhook) and `POST /twilio/status` (the
 * status callback of messages the bot sent). Both refuse anything not signed by Twilio
 * for PUBLIC_BASE_URL. An inbound text becomes one InboundMessage and runs one turn; channel
 * law (STOP, HELP, START) is a step of that turn, after the safety verdict.
 */
export function smsRoutes(options: SmsRoutesOptions): Router {
  const { store, logger } = options;
  const replyDeadlineMs = options.replyDeadlineMs ?? 12_000;
  const duplicateWaitMs = options.duplicateWaitMs ?? 12_000;
  const deliveries = new DeliveryStatusRepo(store.kv, store.retentionMs);
  const apologyTwiml = () => toTwiml([toGsm7(fillClinic(options.phrases.tryAgainLater.sms, options.clinic))]);
  const verified = verifiedTwilioForm({ authToken: options.authToken, accountSid: options.accountSid, publicBaseUrl: options.publicBaseUrl, logger });

  /** One inbound message, one turn. */
  async function converse(form: InboundSms): Promise<string> {
    const result = await options.run(toInboundSms(form, options.now()));
    return repliesToTwiml(result.replies);
  }

  /**
   * Answers within the deadline; a turn that fails or runs late is answered with the apology.
   * `keep` says whether a redelivery should get the same answer: not after a failure, so
   * a redelivery can try again.
   */
  async function answerInTime(form: InboundSms): Promise<{ twiml: string; keep: boolean }> {
    const work = converse(form).then(
      (twiml) => ({ twiml, keep: true }),
      (err: unknown) => {
        logger.error({ err, messageSid: form.MessageSid }, "sms turn failed");
        return { twiml: apologyTwiml(), keep: false };
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<{ twiml: string; keep: boolean }>((resolve) => {
      timer = setTimeout(() => {
        // The turn goes on and its effects stand, so a redelivery must not run it again.
        logger.error({ messageSid: form.MessageSid, deadlineMs: replyDeadlineMs }, "sms turn too slow; answered with the apology");
        resolve({ twiml: apologyTwiml(), keep: true });
      }, replyDeadlineMs);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * At most once per MessageSid: the first delivery claims it and stores the TwiML it
   * answered; a redelivery (even at the same moment) gets that TwiML and changes nothing.
   */
  async function answerOnce(form: InboundSms): Promise<string> {
    const sid = form.MessageSid;
    let claim: ClaimOutcome<string>;
    try {
      claim = await store.idempotency.claim<string>(INBOUND_SCOPE, sid, IDEMPOTENCY_TTL_MS);
      if (claim.kind === "inProgress") {
        claim = await store.idempotency.waitForResult<string>(INBOUND_SCOPE, sid, duplicateWaitMs);
        // The first delivery gave up its claim (it failed): this one may try.
        if (claim.kind === "inProgress") claim = await store.idempotency.claim<string>(INBOUND_SCOPE, sid, IDEMPOTENCY_TTL_MS);
      }
    } catch (err) {
      // The store is down: nothing can be deduplicated, but a crisis message must still be answered.
      logger.error({ err, messageSid: sid }, "sms idempotency unavailable; answering without it");
      return (await answerInTime(form)).twiml;
    }
    if (claim.kind === "done") {
      logger.info({ messageSid: sid }, "duplicate sms delivery answered with the first reply");
      return claim.result;
    }
    if (claim.kind === "inProgress") {
      logger.warn({ messageSid: sid }, "duplicate sms delivery while the first is still running; answered empty");
      return toTwiml([]);
    }
    // Claimed anew, but answered once before (its reply has been forgotten): a replay of an old webhook.
    const seen = await store.kv.get(keys.smsSeen(sid)).catch(() => null);
    if (seen !== null) {
      logger.warn({ messageSid: sid, firstAnsweredAt: seen }, "replayed sms webhook refused (MessageSid already answered)");
      await store.idempotency.complete(INBOUND_SCOPE, sid, toTwiml([]), IDEMPOTENCY_TTL_MS).catch(() => undefined);
      return toTwiml([]);
    }
    const { twiml, keep } = await answerInTime(form);
    if (keep) {
      await store.kv.set(keys.smsSeen(sid), options.now().toISOString(), { ttlMs: SEEN_TTL_MS }).catch((err: unknown) => logger.error({ err }, "answered MessageSid not remembered"));
    }
    if (keep) await store.idempotency.complete(INBOUND_SCOPE, sid, twiml, IDEMPOTENCY_TTL_MS).catch((err: unknown) => logger.error({ err }, "sms reply not recorded for deduplication"));
    else await store.idempotency.release(INBOUND_SCOPE, sid).catch(() => undefined);
    return twiml;
  }

  const router = express.Router();
  router.post("/twilio/sms", ...verified, async (req: Request, res: Response, next) => {
    const parsed = inboundSmsSchema.safeParse(req.body);
    if (!parsed.success) return next(new HttpError(400, describeFormError(parsed.error)));
    try {
      const twiml = await answerOnce(parsed.data);
      res.status(200).type("text/xml").send(twiml);
    } catch (err) {
      next(err);
    }
  });

  router.post("/twilio/status", ...verified, async (req: Request, res: Response, next) => {
    const parsed = statusCallbackSchema.safeParse(req.body);
    if (!parsed.success) return next(new HttpError(400, describeFormError(parsed.error)));
    const { MessageSid: sid, MessageStatus: status, ErrorCode: errorCode, To: to } = parsed.data;
    const id = `${sid}:${status}`;
    try {
      const claim = await store.idempotency.claim<string>(STATUS_SCOPE, id, IDEMPOTENCY_TTL_MS);
      if (claim.kind !== "claimed") return void res.status(204).end();
      try {
        const now = options.now();
        const furthest = await deliveries.record(sid, status, now, errorCode);
        if (errorCode === 21610 && to) await store.optOuts.optOut(to, "status-callback", now);
        logger.info({ messageSid: sid, status, furthest: furthest.status, errorCode }, "sms status");
        await store.idempotency.complete(STATUS_SCOPE, id, furthest.status, IDEMPOTENCY_TTL_MS);
      } catch (err) {
        await store.idempotency.release(STATUS_SCOPE, id).catch(() => undefined);
        throw err;
      }
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });

  for (const path of ["/twilio/sms", "/twilio/status"]) router.all(path, (_req, _res, next) => next(new HttpError(405, "Use POST")));
  return router;
}
