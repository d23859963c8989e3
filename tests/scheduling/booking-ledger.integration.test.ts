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

    it("lists upcoming bookings soonest first, with their status", async () => {
      await ledger.record(booking("2", "2026-11-24T18:00:00.000Z"), "booked");
      await ledger.record(booking("1", "2026-11-23T18:00:00.000Z"), "booked");
      await ledger.record(booking("0", "2026-11-20T18:00:00.000Z"), "booked");
      const list = await ledger.upcoming(NOW, 10);
      expect(list.map((b) => [b.id, b.status])).toEqual([
        ["1", "booked"],
        ["2", "booked"],
      ]);
      expect(Object.keys(list[0]!).sort()).toEqual(["channel", "conversationId", "id", "startsAt", "status", "updatedAt"]);
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

    it("keeps name, callback number and zone for the call list, never lists a cancelled or moved-away call, and records staff marks", async () => {
      const changes: string[] = [];
      ledger.onChange((c) => changes.push(`${c.previous?.status ?? "-"}>${c.summary.status}`));
      const contact = { name: "Ana Ruiz", phone: "+12125550101", timeZone: "America/New_York", textTo: null };
      await ledger.record({ ...booking("a", "2026-11-24T18:00:00.000Z", "web:a"), ...contact }, "booked");
      await ledger.record({ ...booking("b", "2026-11-24T19:00:00.000Z", "web:b"), ...contact }, "booked");
      await ledger.record(booking("b", "2026-11-24T19:00:00.000Z", "web:b"), "cancelled");
      await ledger.record(booking("a", "2026-11-24T18:00:00.000Z", "web:a"), "rescheduled");
      await ledger.record({ ...booking("c", "2026-11-25T18:00:00.000Z", "web:a"), ...contact }, "moved");
      const list = await ledger.upcoming(NOW, 10);
      expect(list.map((b) => [b.id, b.status, b.name, b.phone, b.timeZone])).toEqual([["c", "moved", "Ana Ruiz", "+12125550101", "America/New_York"]]);
      expect(await ledger.get("b")).toMatchObject({ status: "cancelled", name: "Ana Ruiz", phone: "+12125550101" });
      expect(await ledger.mark("c", "no-answer", "sam@clinic.example")).toMatchObject({ status: "no-answer", markedBy: "sam@clinic.example", name: "Ana Ruiz" });
      expect((await ledger.upcoming(NOW, 10)).map((b) => b.status)).toEqual(["no-answer"]);
      expect(await ledger.mark("nope", "done", "sam@clinic.example")).toBeNull();
      expect(changes).toEqual(["->booked", "->booked", "booked>cancelled", "booked>rescheduled", "->moved", "moved>no-answer"]);
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
