import { z } from "zod";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";

/** How a number came to be opted out. */
export type OptOutSource = "keyword" | "free-text" | "twilio-21610" | "status-callback";

const optOutRecordSchema = z.object({
  at: z.string(),
  source: z.enum(["keyword", "free-text", "twilio-21610", "status-callback"]),
  keyword: z.string().optional(),
});

/** Why and when a number opted out. Holds no message text. */
export type OptOutRecord = z.output<typeof optOutRecordSchema>;

/**
 * The numbers that asked not to be texted, checked before every outbound SMS and every
 * reply. A record has no expiry: consent comes back only with START, UNSTOP or YES.
 */
export class OptOutRepo {
  constructor(private readonly kv: Kv) {}

  /** Records an opt-out; returns false when the number was already opted out (the first record is kept). */
  async optOut(phone: string, source: OptOutSource, now: Date, keyword?: string): Promise<boolean> {
    const record: OptOutRecord = { at: now.toISOString(), source, ...(keyword ? { keyword } : {}) };
    return this.kv.set(keys.smsOptOut(phone), JSON.stringify(record), { nx: true });
  }

  /** Opts a number back in; returns false when it was not opted out. */
  async optIn(phone: string): Promise<boolean> {
    return (await this.kv.del(keys.smsOptOut(phone))) > 0;
  }

  async isOptedOut(phone: string): Promise<boolean> {
    return (await this.kv.get(keys.smsOptOut(phone))) !== null;
  }

  /** The record, or null when the number may be texted. An unreadable record still counts as opted out. */
  async get(phone: string): Promise<OptOutRecord | null> {
    const raw = await this.kv.get(keys.smsOptOut(phone));
    if (raw === null) return null;
    try {
      return optOutRecordSchema.parse(JSON.parse(raw));
    } catch {
      return { at: new Date(0).toISOString(), source: "keyword" };
    }
  }
}
