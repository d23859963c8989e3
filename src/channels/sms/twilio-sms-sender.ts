import type twilio from "twilio";
import type { SendOutcome, SmsPurpose, SmsSender } from "../../domain/outbound.js";
import type { Logger } from "../../logging/logger.js";
import { maskInText } from "../../logging/mask.js";
import type { DeliveryStatusRepo } from "./delivery-status.js";
import { analyseSms } from "./gsm7.js";
import type { OptOutRepo } from "../../state/opt-outs.js";
import { lintProactiveSms } from "./proactive-lint.js";
import { toGsm7 } from "./to-gsm7.js";
import { MAX_SMS_BODY } from "./twilio-form.js";

/** Twilio: "Attempt to send to unsubscribed recipient". */
export const TWILIO_OPTED_OUT = 21610;

const E164 = /^\+[1-9]\d{6,14}$/;
/** Errors raised before a request reached Twilio: safe to retry, nothing can have been sent. */
const CONNECT_ERRORS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export interface TwilioSmsSenderOptions {
  /** The twilio-node client (`createTwilioClient`). */
  readonly client: Pick<twilio.Twilio, "messages">;
  /** The clinic's number, or a Messaging Service. */
  readonly sender: { readonly from: string } | { readonly messagingServiceSid: string };
  /** PUBLIC_BASE_URL + /twilio/status. */
  readonly statusCallbackUrl: string;
  readonly optOuts: OptOutRepo;
  readonly deliveries: DeliveryStatusRepo;
  /** Rewritten without drug names in proactive texts. */
  readonly clinicName: string;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Attempts in all, the first included. */
  readonly maxAttempts?: number;
  /** Delay before retry `n` (1-based); exponential with jitter by default. */
  readonly backoffMs?: (retry: number) => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Proactive texts (confirmations, reminders, staff replies and alerts) through Twilio's
 * Messages API, with a status callback to `/twilio/status`. Never sends to an opted-out
 * number (checked before every attempt), never names a drug, sends GSM-7 only, retries
 * 429 and 5xx with backoff and never retries an opted-out recipient (21610), which it
 * records. Expected failures are outcomes, not exceptions.
 */
export class TwilioSmsSender implements SmsSender {
  private readonly now: () => Date;
  private readonly maxAttempts: number;
  private readonly backoffMs: (retry: number) => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TwilioSmsSenderOptions) {
    this.now = options.now ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 4;
    this.backoffMs = options.backoffMs ?? ((retry) => Math.min(8_000, 500 * 2 ** (retry - 1)) * (0.75 + Math.random() * 0.5));
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async send(to: string, body: string, purpose: SmsPurpose): Promise<SendOutcome> {
    const { logger } = this.options;
    if (!E164.test(to)) return { kind: "failed", reason: "the number is not in E.164 form (+15551234567)" };
    const lint = lintProactiveSms(body, this.options.clinicName);
    if (lint.kind === "namesDrug") {
      logger.warn({ purpose, words: lint.words }, "proactive sms refused: names a drug");
      return { kind: "failed", reason: `a text sent without being asked may not name a drug (${lint.words.join(", ")}); carriers block it` };
    }
    const text = toGsm7(lint.body);
    if (text === "") return { kind: "failed", reason: "the text is empty" };
    if (text.length > MAX_SMS_BODY) return { kind: "failed", reason: `the text is longer than ${MAX_SMS_BODY} characters` };
    const analysis = analyseSms(text);

    for (let attempt = 1; ; attempt++) {
      try {
        if (await this.options.optOuts.isOptedOut(to)) {
          logger.info({ to, purpose }, "sms not sent: the number opted out");
          return { kind: "optedOut" };
        }
      } catch (err) {
        logger.error({ err, purpose }, "sms not sent: the opt-out list is unavailable");
        return { kind: "failed", reason: "the opt-out list is unavailable, so nothing was sent" };
      }
      try {
        const message = await this.options.client.messages.create({
          to,
          body: text,
          ...("from" in this.options.sender ? { from: this.options.sender.from } : { messagingServiceSid: this.options.sender.messagingServiceSid }),
          statusCallback: this.options.statusCallbackUrl,
        });
        logger.info({ to, purpose, messageSid: message.sid, segments: analysis.segments, encoding: analysis.encoding, attempt }, "sms sent");
        await this.options.deliveries
          .sent(message.sid, message.status ?? "queued", purpose, this.now())
          .catch((err: unknown) => logger.warn({ err, messageSid: message.sid }, "sms status not recorded"));
        return { kind: "sent", sid: message.sid };
      } catch (err) {
        const failure = describe(err);
        if (failure.code === TWILIO_OPTED_OUT) {
          await this.options.optOuts.optOut(to, "twilio-21610", this.now()).catch((e: unknown) => logger.error({ err: e }, "opt-out from twilio 21610 not recorded"));
          logger.info({ to, purpose }, "sms not sent: twilio says the number opted out (21610)");
          return { kind: "optedOut" };
        }
        if (failure.retryable && attempt < this.maxAttempts) {
          const delay = this.backoffMs(attempt);
          logger.warn({ purpose, attempt, status: failure.status, code: failure.code, delayMs: Math.round(delay) }, "sms send failed; retrying");
          await this.sleep(delay);
          continue;
        }
        logger.error({ purpose, attempt, status: failure.status, code: failure.code, reason: failure.reason }, "sms not sent");
        return { kind: "failed", reason: attempt > 1 ? `${failure.reason} (after ${attempt} attempts)` : failure.reason };
      }
    }
  }
}

interface Failure {
  readonly status?: number;
  readonly code?: number;
  readonly retryable: boolean;
  readonly reason: string;
}

/** A RestException (HTTP status and Twilio code) or a network error, as a retry decision. */
function describe(err: unknown): Failure {
  const e = err as { status?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? maskInText(e.message) : "unknown error";
  if (typeof e.status === "number") {
    const code = typeof e.code === "number" ? e.code : undefined;
    const retryable = e.status === 429 || e.status >= 500;
    return { status: e.status, ...(code !== undefined ? { code } : {}), retryable, reason: `Twilio answered ${e.status}${code ? ` (error ${code})` : ""}: ${message}` };
  }
  const networkCode = typeof e.code === "string" ? e.code : "";
  return { retryable: CONNECT_ERRORS.has(networkCode), reason: `Twilio unreachable: ${networkCode || message}` };
}
