import type twilio from "twilio";
import type { SendOutcome, SmsPurpose, SmsSender } from "../../domain/outbound.js";
import type { Logger } from "../../logging/logger.js";
import { maskInText } from "../../logging/mask.js";
import type { DeliveryStatusRepo, UnconfirmedSendLog } from "./delivery-status.js";
import { analyseSms } from "../../text/gsm7.js";
import type { OptOutRepo } from "../../state/opt-outs.js";
import { lintProactiveSms } from "./proactive-lint.js";
import { toGsm7 } from "./to-gsm7.js";
import { MAX_SMS_BODY } from "./twilio-form.js";

/** Twilio: "Attempt to send to unsubscribed recipient". */
export const TWILIO_OPTED_OUT = 21610;

const E164 = /^\+[1-9]\d{6,14}$/;
/** Errors raised before a connection existed: nothing can have reached Twilio. */
const NEVER_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export interface TwilioSmsSenderOptions {
  /** The twilio-node client (`createTwilioClient`). */
  readonly client: Pick<twilio.Twilio, "messages">;
  /** The clinic's number, or a Messaging Service. */
  readonly sender: { readonly from: string } | { readonly messagingServiceSid: string };
  /** PUBLIC_BASE_URL + /twilio/status. */
  readonly statusCallbackUrl: string;
  readonly optOuts: OptOutRepo;
  readonly deliveries: DeliveryStatusRepo;
  /** Where texts Twilio may have accepted without saying so are recorded (they are never retried). */
  readonly unconfirmed?: UnconfirmedSendLog;
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
 * number (checked before every attempt); a text sent unasked names no drug and goes as GSM-7,
 * while a staff reply goes exactly as written (the person wrote first); and never
 * sends a text twice: it retries only where Twilio cannot have accepted the message (429, or
 * a connection that failed before the request was written, see {@link classifyTwilioFailure});
 * a 5xx or a connection cut after the request went out is recorded as unconfirmed instead.
 * An opted-out recipient (21610) is recorded and never retried. Expected failures are
 * outcomes, not exceptions.
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
    // A staff reply answers a person who wrote first: it is a conversation, not a proactive text,
    // so it goes out exactly as the staff member wrote it (no drug-word refusal, no GSM-7 rewrite).
    let text: string;
    if (purpose === "staff-reply") {
      text = body.trim();
    } else {
      const lint = lintProactiveSms(body, this.options.clinicName);
      if (lint.kind === "namesDrug") {
        logger.warn({ purpose, words: lint.words }, "proactive sms refused: names a drug");
        return { kind: "failed", reason: `a text sent without being asked may not name a drug (${lint.words.join(", ")}); carriers block it` };
      }
      text = toGsm7(lint.body);
    }
    if (text === "") return { kind: "failed", reason: "the text is empty" };
    if (text.length > MAX_SMS_BODY) return { kind: "failed", reason: `the text is longer than ${MAX_SMS_BODY} characters` };
    const analysis = analyseSms(text);

    // Staff alert numbers are configuration, not patients: the patient opt-out list never silences
    // an urgent alert (and it must not depend on the store being up).
    const staffAlert = purpose === "staff-alert";
    for (let attempt = 1; ; attempt++) {
      try {
        if (!staffAlert && (await this.options.optOuts.isOptedOut(to))) {
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
        const failure = classifyTwilioFailure(err);
        if (failure.kind === "optedOut" && staffAlert) {
          // The carrier blocks texts to this on-call number (it once texted STOP): say so loudly, every time.
          logger.error({ to, purpose }, "STAFF ALERT NUMBER CANNOT RECEIVE TEXTS (Twilio 21610: it texted STOP to this number). Text START from it, or change STAFF_ALERT_NUMBERS.");
          return { kind: "optedOut" };
        }
        if (failure.kind === "optedOut") {
          await this.options.optOuts.optOut(to, "twilio-21610", this.now()).catch((e: unknown) => logger.error({ err: e }, "opt-out from twilio 21610 not recorded"));
          logger.info({ to, purpose }, "sms not sent: twilio says the number opted out (21610)");
          return { kind: "optedOut" };
        }
        const reason = attempt > 1 ? `${failure.reason} (after ${attempt} attempts)` : failure.reason;
        if (failure.kind === "unconfirmed") {
          // Twilio may have queued the text: a retry could deliver it twice, so it is recorded instead.
          logger.error({ to, purpose, attempt, status: failure.status, code: failure.code, reason: failure.reason }, "sms may or may not have been sent; not retried");
          await this.options.unconfirmed
            ?.record({ at: this.now().toISOString(), to, purpose, reason: failure.reason, ...(failure.status !== undefined ? { status: failure.status } : {}), ...(failure.code !== undefined ? { code: failure.code } : {}) })
            .catch((e: unknown) => logger.error({ err: e, purpose }, "unconfirmed sms not recorded"));
          return { kind: "failed", reason: `${reason}; Twilio may have accepted it, so it was not sent again`, maybeSent: true };
        }
        if (failure.retryable && attempt < this.maxAttempts) {
          const delay = this.backoffMs(attempt);
          logger.warn({ purpose, attempt, status: failure.status, code: failure.code, delayMs: Math.round(delay) }, "sms not accepted by twilio; retrying");
          await this.sleep(delay);
          continue;
        }
        logger.error({ purpose, attempt, status: failure.status, code: failure.code, reason: failure.reason }, "sms not sent");
        return { kind: "failed", reason };
      }
    }
  }
}

/** What a failed `messages.create` means for the text, and whether another attempt is safe. */
export type TwilioFailure =
  /** Error 21610: the recipient opted out with Twilio. */
  | { readonly kind: "optedOut" }
  /** Twilio did not take the message (it refused it, or the request never reached it). */
  | { readonly kind: "notSent"; readonly retryable: boolean; readonly status?: number; readonly code?: number | string; readonly reason: string }
  /** The request reached Twilio, or may have, and no answer says what it did with it. */
  | { readonly kind: "unconfirmed"; readonly status?: number; readonly code?: number | string; readonly reason: string };

/**
 * Classifies a RestException (HTTP status and Twilio code) or a network error. A retry must
 * never be able to send a text twice, so only two failures are retryable:
 * - 429: Twilio refused the request before creating anything;
 * - a network error raised before the whole request was written: the connection was
 *   refused, the name did not resolve, or it broke while connecting (`writableFinished` false
 *   on the request), so Twilio never had a complete request to act on.
 * Every other 4xx is a refusal that would be refused again. A 5xx, a timeout or a reset after
 * the request was written may follow a message Twilio already queued: "unconfirmed".
 */
export function classifyTwilioFailure(err: unknown): TwilioFailure {
  const e = err as { status?: unknown; code?: unknown; message?: unknown; request?: { writableFinished?: unknown } };
  const message = typeof e.message === "string" ? maskInText(e.message) : "unknown error";
  if (typeof e.status === "number") {
    const code = typeof e.code === "number" ? e.code : undefined;
    if (code === TWILIO_OPTED_OUT) return { kind: "optedOut" };
    const reason = `Twilio answered ${e.status}${code ? ` (error ${code})` : ""}: ${message}`;
    const detail = { status: e.status, ...(code !== undefined ? { code } : {}), reason };
    if (e.status >= 500) return { kind: "unconfirmed", ...detail };
    return { kind: "notSent", retryable: e.status === 429, ...detail };
  }
  const networkCode = typeof e.code === "string" ? e.code : undefined;
  const code = networkCode ? { code: networkCode } : {};
  if (networkCode !== undefined && NEVER_CONNECTED.has(networkCode)) return { kind: "notSent", retryable: true, ...code, reason: `Twilio unreachable: ${networkCode}` };
  // Thrown before any request existed (the SDK checks its parameters first): nothing went out.
  if (e.request === undefined) return { kind: "notSent", retryable: false, ...code, reason: `not sent: ${message}` };
  if (e.request.writableFinished === false) return { kind: "notSent", retryable: true, ...code, reason: `the connection to Twilio failed before the request was sent: ${networkCode ?? message}` };
  return { kind: "unconfirmed", ...code, reason: `no answer from Twilio after the request was sent: ${networkCode ?? message}` };
}
