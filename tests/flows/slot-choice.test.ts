import { describe, expect, it } from "vitest";
import { chooseSlots, resolvePick } from "../../src/flows/booking/slot-choice.js";
import { parsePreference } from "../../src/flows/booking/time-preference.js";
import { slotAt } from "../../src/scheduling/consult-calendar.js";

const NY = "America/New_York";
const NOW = new Date("2026-11-23T14:00:00Z");
// Monday 23 Nov, 9:00 AM to 4:45 PM Pacific = 12:00 PM to 7:45 PM Eastern, every 15 minutes.
const monday = Array.from({ length: 32 }, (_, i) => slotAt(Date.parse("2026-11-23T17:00:00Z") + i * 15 * 60_000, 15));
const offered = [monday[0]!, monday[6]!, monday[14]!]; // 12:00, 1:30, 3:30 PM ET

describe("chooseSlots", () => {
  it("offers three slots at least an hour apart when there is no preference", () => {
    const { slots, matched } = chooseSlots(monday, null, NY);
    expect(matched).toBe(true);
    expect(slots.map((s) => s.start)).toEqual(["2026-11-23T17:00:00.000Z", "2026-11-23T18:00:00.000Z", "2026-11-23T19:00:00.000Z"]);
  });

  it("offers the exact time when it is free", () => {
    const { slots, matched } = chooseSlots(monday, parsePreference("monday at 2:30", NOW, NY), NY);
    expect(matched).toBe(true);
    expect(slots[0]!.start).toBe("2026-11-23T19:30:00.000Z");
  });

  it("offers the nearest times when the exact one is taken", () => {
    const free = monday.filter((s) => s.start !== "2026-11-23T19:30:00.000Z");
    const { slots, matched } = chooseSlots(free, parsePreference("monday at 2:30", NOW, NY), NY);
    expect(matched).toBe(false);
    expect(slots.map((s) => s.start)).toEqual(["2026-11-23T19:00:00.000Z", "2026-11-23T19:15:00.000Z", "2026-11-23T19:45:00.000Z"]);
  });

  it("offers the nearest later slots when nothing fits the window", () => {
    const { matched, slots } = chooseSlots(monday, parsePreference("sunday morning", NOW, NY), NY);
    expect(matched).toBe(false);
    expect(slots).toHaveLength(3);
  });
});

describe("resolvePick", () => {
  it("accepts a button payload, ordinals and times", () => {
    expect(resolvePick(`slot:${offered[1]!.start}`, offered, NY)).toEqual(offered[1]);
    expect(resolvePick("the second one", offered, NY)).toEqual(offered[1]);
    expect(resolvePick("first", offered, NY)).toEqual(offered[0]);
    expect(resolvePick("the last one please", offered, NY)).toEqual(offered[2]);
    expect(resolvePick("1:30", offered, NY)).toEqual(offered[1]);
    expect(resolvePick("the 12pm", offered, NY)).toEqual(offered[0]);
    expect(resolvePick("3:30 works", offered, NY)).toEqual(offered[2]);
  });

  it("returns null for a time that was not offered or no pick at all", () => {
    expect(resolvePick("5pm", offered, NY)).toBeNull();
    expect(resolvePick("what does it cost", offered, NY)).toBeNull();
  });
});
