import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kv } from "../../src/state/kv.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { BookingLedger } from "../../src/scheduling/booking-ledger.js";
import { connectTestClusterKv, connectTestKv, deleteClusterPrefix, deletePrefix, redisAvailable, redisClusterAvailable, testPrefix } from "../helpers/redis.js";

const available = await redisAvailable();
const clusterAvailable = await redisClusterAvailable();
const NOW = new Date("2026-11-23T14:00:00Z");
const booking = (id: string, start: string, conversationId = `sms:+1212555${id.padStart(4, "0")}`) => ({ id, start, conversationId, channel: "sms" as const });

function ledgerContract(name: string, make: () => Promise<{ kv: Kv; cleanup: () => Promise<void> }>) {
  describe(`BookingLedger: ${name}`, () => {
    let kv: Kv;
    let cleanup: () => Promise<void>;
    let ledger: BookingLedger;
    beforeEach(async () => {
      ({ kv, cleanup } = await make());
      ledger = new BookingLedger(kv, 30 * 86_400_000, () => NOW);
    });
    afterEach(async () => {
      await cleanup();
      await kv.close();
    });

    it("lists upcoming bookings soonest first, with status and no name or number", async () => {
      await ledger.record(booking("2", "2026-11-24T18:00:00.000Z"), "booked");
      await ledger.record(booking("1", "2026-11-23T18:00:00.000Z"), "booked");
      await ledger.record(booking("0", "2026-11-20T18:00:00.000Z"), "booked");
      const list = await ledger.upcoming(NOW, 10);
      expect(list.map((b) => [b.id, b.status])).toEqual([
        ["1", "booked"],
        ["2", "booked"],
      ]);
      expect(Object.keys(list[0]!).sort()).toEqual(["channel", "conversationId", "id", "startsAt", "status"]);
    });

    it("finds a conversation's latest booking and follows cancel and reschedule", async () => {
      await ledger.record(booking("7", "2026-11-24T18:00:00.000Z", "web:abc"), "booked");
      expect(await ledger.findByConversation("web:abc")).toMatchObject({ id: "7", status: "booked", startsAt: "2026-11-24T18:00:00.000Z" });
      await ledger.record(booking("7", "2026-11-24T18:00:00.000Z", "web:abc"), "rescheduled");
      await ledger.record(booking("8", "2026-11-25T18:00:00.000Z", "web:abc"), "booked");
      expect(await ledger.findByConversation("web:abc")).toMatchObject({ id: "8", status: "booked" });
      await ledger.record(booking("8", "2026-11-25T18:00:00.000Z", "web:abc"), "cancelled");
      expect(await ledger.findByConversation("web:abc")).toMatchObject({ id: "8", status: "cancelled" });
      expect(await ledger.findByConversation("web:none")).toBeNull();
    });
  });
}

ledgerContract("memory", async () => ({ kv: new MemoryKv(), cleanup: async () => {} }));

describe.skipIf(!available)("redis", () => {
  ledgerContract("Redis", async () => {
    const prefix = testPrefix();
    return { kv: await connectTestKv(prefix), cleanup: () => deletePrefix(prefix) };
  });
});

describe.skipIf(!clusterAvailable)("redis cluster", () => {
  ledgerContract("Redis Cluster", async () => {
    const prefix = testPrefix();
    return { kv: await connectTestClusterKv(prefix), cleanup: () => deleteClusterPrefix(prefix) };
  });
});
