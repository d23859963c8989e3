import { describe, expect, it } from "vitest";
import { assertOneSlot, crc16, CrossSlotError, groupBySlot, hashSlot, hashTagOf } from "../../src/state/hash-slot.js";
import { keys } from "../../src/state/keys.js";

describe("Redis Cluster hash slots", () => {
  it("computes CRC16-XMODEM as the cluster specification does", () => {
    expect(crc16("123456789")).toBe(0x31c3);
  });

  it("puts keys in the slots Redis puts them (CLUSTER KEYSLOT)", () => {
    expect(hashSlot("foo")).toBe(12182);
    expect(hashSlot("bar")).toBe(5061);
    expect(hashSlot("somekey")).toBe(11058);
    expect(hashSlot("")).toBe(0);
  });

  it("hashes only the first non-empty hash tag", () => {
    expect(hashTagOf("{user1000}.following")).toBe("user1000");
    expect(hashSlot("{user1000}.following")).toBe(hashSlot("{user1000}.followers"));
    expect(hashTagOf("foo{}{bar}")).toBe("foo{}{bar}");
    expect(hashTagOf("foo{{bar}}zap")).toBe("{bar");
    expect(hashTagOf("foo{bar}{zap}")).toBe("bar");
    expect(hashSlot("kcb:conv:{web:1}:state")).toBe(hashSlot("other-prefix:conv:{web:1}:lock"));
  });

  it("keeps the keys the scheduler claims together in one slot", () => {
    expect(() => assertOneSlot([keys.slotHold("2026-11-24T17:00:00.000Z", 2), keys.slotBooking("2026-11-24T17:00:00.000Z", 2)])).not.toThrow();
    expect(() => assertOneSlot([keys.slotHold("2026-11-24T17:00:00.000Z", 1), keys.slotBooking("2026-11-24T17:15:00.000Z", 1)])).toThrow(CrossSlotError);
  });

  it("groups positions by slot, keeping order inside each group", () => {
    const list = ["{a}1", "{b}1", "{a}2", "{b}2", "{c}"];
    expect(groupBySlot(list)).toEqual([[0, 2], [1, 3], [4]]);
  });
});
