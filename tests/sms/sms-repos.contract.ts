import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kv } from "../../src/state/kv.js";
import { OptOutRepo } from "../../src/state/opt-outs.js";
import { DeliveryStatusRepo } from "../../src/channels/sms/delivery-status.js";
import { keys } from "../../src/state/keys.js";

const DAY = 24 * 60 * 60 * 1000;

/** The SMS repositories over a {@link Kv}: the same behaviour on memory and on Redis. */
export function smsReposContract(name: string, make: () => Promise<Kv>, cleanup: (kv: Kv) => Promise<void> = async () => {}): void {
  describe(`SMS repositories: ${name}`, () => {
    let kv: Kv;
    beforeEach(async () => {
      kv = await make();
    });
    afterEach(async () => {
      await cleanup(kv);
      await kv.close();
    });

    it("records an opt-out once, with no expiry, until the number opts back in", async () => {
      const optOuts = new OptOutRepo(kv);
      const now = new Date("2026-11-21T10:00:00Z");
      expect(await optOuts.isOptedOut("+15550001111")).toBe(false);
      expect(await optOuts.optOut("+15550001111", "keyword", now, "STOP")).toBe(true);
      expect(await optOuts.optOut("+15550001111", "free-text", new Date("2026-11-22T10:00:00Z"))).toBe(false);
      expect(await optOuts.get("+15550001111")).toEqual({ at: now.toISOString(), source: "keyword", keyword: "STOP" });
      expect(await kv.pttl(keys.smsOptOut("+15550001111"))).toBe(-1);
      expect(await optOuts.isOptedOut("+15550002222")).toBe(false);
      expect(await optOuts.optIn("+15550001111")).toBe(true);
      expect(await optOuts.optIn("+15550001111")).toBe(false);
      expect(await optOuts.isOptedOut("+15550001111")).toBe(false);
    });

    it("opts out only once when two deliveries race", async () => {
      const optOuts = new OptOutRepo(kv);
      const results = await Promise.all(Array.from({ length: 8 }, () => optOuts.optOut("+15550003333", "free-text", new Date())));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("keeps the furthest delivery status whatever order the callbacks come in", async () => {
      const deliveries = new DeliveryStatusRepo(kv, 30 * DAY);
      const sid = `SM${"0".repeat(32)}`;
      await deliveries.sent(sid, "queued", "reminder", new Date("2026-11-21T10:00:00Z"));
      expect((await deliveries.record(sid, "delivered", new Date("2026-11-21T10:00:03Z"))).status).toBe("delivered");
      expect((await deliveries.record(sid, "sent", new Date("2026-11-21T10:00:02Z"))).status).toBe("delivered");
      expect((await deliveries.record(sid, "sending", new Date("2026-11-21T10:00:01Z"))).status).toBe("delivered");
      expect(await deliveries.get(sid)).toEqual({ status: "delivered", at: "2026-11-21T10:00:03.000Z", purpose: "reminder" });
      expect(await kv.pttl(keys.smsDelivery(sid))).toBeGreaterThan(29 * DAY);
      expect(await deliveries.get(`SM${"1".repeat(32)}`)).toBeNull();
    });

    it("keeps a failure and its error code when 'queued' and 'sent' arrive with it", async () => {
      const deliveries = new DeliveryStatusRepo(kv, DAY);
      const sid = `SM${"2".repeat(32)}`;
      await Promise.all([deliveries.record(sid, "failed", new Date(), 30007), deliveries.record(sid, "queued", new Date()), deliveries.record(sid, "sent", new Date())]);
      expect(await deliveries.get(sid)).toMatchObject({ status: "failed", errorCode: 30007 });
    });
  });
}
