import type { Kv } from "../../state/kv.js";
import { keys } from "../../state/keys.js";

/**
 * How far along a message is. Twilio's callbacks may arrive out of order ("sent" after
 * "delivered"), so a status only ever moves forward; the final ones share the top rank.
 */
const RANK: Readonly<Record<string, number>> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  partially_delivered: 4,
  read: 5,
};

/** The rank of a status; a status Twilio adds later ranks lowest rather than failing. */
export function statusRank(status: string): number {
  return RANK[status] ?? 0;
}

export interface DeliveryStatus {
  readonly status: string;
  readonly at: string;
  readonly errorCode?: number;
  /** Why the message was sent (set by the sender). */
  readonly purpose?: string;
}

const STATUS_FIELD = "s:";

/**
 * Delivery statuses by MessageSid. Each status is its own hash field, written once, so
 * concurrent and repeated callbacks cannot overwrite each other; the furthest is read back.
 */
export class DeliveryStatusRepo {
  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
  ) {}

  /** Notes a message the sender created (its first known status). */
  async sent(messageSid: string, status: string, purpose: string, now: Date): Promise<void> {
    await this.write(messageSid, { purpose, [`${STATUS_FIELD}${status}`]: JSON.stringify({ at: now.toISOString() }) });
  }

  /** Records a status callback; returns the furthest status now known. */
  async record(messageSid: string, status: string, now: Date, errorCode?: number): Promise<DeliveryStatus> {
    const value = JSON.stringify({ at: now.toISOString(), ...(errorCode !== undefined ? { errorCode } : {}) });
    await this.write(messageSid, { [`${STATUS_FIELD}${status}`]: value });
    return (await this.get(messageSid)) ?? { status, at: now.toISOString(), ...(errorCode !== undefined ? { errorCode } : {}) };
  }

  /** The furthest status known for a message, or null when none was recorded. */
  async get(messageSid: string): Promise<DeliveryStatus | null> {
    const fields = await this.kv.hgetall(keys.smsDelivery(messageSid));
    let best: DeliveryStatus | null = null;
    for (const [field, raw] of Object.entries(fields)) {
      if (!field.startsWith(STATUS_FIELD)) continue;
      const status = field.slice(STATUS_FIELD.length);
      const parsed = safeParse(raw);
      const candidate: DeliveryStatus = {
        status,
        at: parsed.at ?? "",
        ...(parsed.errorCode !== undefined ? { errorCode: parsed.errorCode } : {}),
        ...(fields.purpose ? { purpose: fields.purpose } : {}),
      };
      if (!best || isFurther(candidate, best)) best = candidate;
    }
    return best;
  }

  private async write(messageSid: string, fields: Record<string, string>): Promise<void> {
    const key = keys.smsDelivery(messageSid);
    await this.kv.hset(key, fields);
    await this.kv.expire(key, this.retentionMs);
  }
}

/** Higher rank wins; among final statuses, a failure outranks "delivered" so problems are never hidden. */
function isFurther(a: DeliveryStatus, b: DeliveryStatus): boolean {
  const ra = statusRank(a.status);
  const rb = statusRank(b.status);
  if (ra !== rb) return ra > rb;
  return a.status !== b.status && a.status !== "delivered" && b.status === "delivered";
}

function safeParse(raw: string): { at?: string; errorCode?: number } {
  try {
    const value = JSON.parse(raw) as { at?: unknown; errorCode?: unknown };
    return {
      ...(typeof value.at === "string" ? { at: value.at } : {}),
      ...(typeof value.errorCode === "number" ? { errorCode: value.errorCode } : {}),
    };
  } catch {
    return {};
  }
}

/** A text Twilio may or may not have accepted: kept so staff can look it up in the Twilio console. */
export interface UnconfirmedSend {
  readonly at: string;
  readonly to: string;
  readonly purpose: string;
  readonly reason: string;
  readonly status?: number;
  readonly code?: number | string;
}

const UNCONFIRMED_KEPT = 500;

/**
 * Outbound texts whose fate is unknown (Twilio answered 5xx, or the connection broke after
 * the request was written). They are never retried, since a retry could send the text twice;
 * this list is where they are recorded, newest last, for the retention period.
 */
export class UnconfirmedSendLog {
  constructor(
    private readonly kv: Kv,
    private readonly retentionMs: number,
  ) {}

  async record(entry: UnconfirmedSend): Promise<void> {
    await this.kv.listPush(keys.smsUnconfirmed(), [JSON.stringify(entry)], { maxLength: UNCONFIRMED_KEPT, ttlMs: this.retentionMs });
  }

  /** Newest last. */
  async list(): Promise<UnconfirmedSend[]> {
    const raws = await this.kv.listRange(keys.smsUnconfirmed(), 0, -1);
    return raws.flatMap((raw) => {
      try {
        return [JSON.parse(raw) as UnconfirmedSend];
      } catch {
        return [];
      }
    });
  }
}
