import { describe, expect, it } from "vitest";
import { findName, findPhone } from "../../src/text/contact-parsing.js";
import { parseZone, zoneFromPhone } from "../../src/flows/booking/time-zones.js";
import { formatSlot, zoneLabel } from "../../src/scheduling/format-slot.js";

describe("findPhone", () => {
  it("reads US numbers in common shapes as E.164", () => {
    expect(findPhone("212-555-0134")).toEqual({ kind: "valid", e164: "+12125550134" });
    expect(findPhone("call me at (310) 555 0199 please")).toEqual({ kind: "valid", e164: "+13105550199" });
    expect(findPhone("+44 20 7946 0958")).toEqual({ kind: "valid", e164: "+442079460958" });
  });
  it("flags numbers that cannot be right and ignores text without one", () => {
    expect(findPhone("555-0134 12")).toEqual({ kind: "invalid" });
    expect(findPhone("Alex Rivera")).toEqual({ kind: "none" });
  });
});

describe("findName", () => {
  it("reads a name alone, introduced, or next to a number", () => {
    expect(findName("Alex Rivera")).toBe("Alex Rivera");
    expect(findName("my name is sam o'brien")).toBe("Sam O'Brien");
    expect(findName("I'm Jo, 212-555-0134")).toBe("Jo");
    expect(findName("Alex Rivera 212 555 0134")).toBe("Alex Rivera");
  });
  it("does not take questions or short answers for names", () => {
    expect(findName("is it safe?")).toBeNull();
    expect(findName("yes")).toBeNull();
    expect(findName("what does it cost")).toBeNull();
  });
});

describe("time zones", () => {
  it("reads zones people name", () => {
    expect(parseZone("I'm in New York")).toBe("America/New_York");
    expect(parseZone("ET")).toBe("America/New_York");
    expect(parseZone("pacific")).toBe("America/Los_Angeles");
    expect(parseZone("Chicago time")).toBe("America/Chicago");
    expect(parseZone("Phoenix")).toBe("America/Phoenix");
    expect(parseZone("Europe/London")).toBe("Europe/London");
    expect(parseZone("tomorrow afternoon")).toBeNull();
  });
  it("suggests a zone from a US area code", () => {
    expect(zoneFromPhone("+12125550134")).toBe("America/New_York");
    expect(zoneFromPhone("+13105550199")).toBe("America/Los_Angeles");
    expect(zoneFromPhone("+13125550100")).toBe("America/Chicago");
    expect(zoneFromPhone("+16025550100")).toBe("America/Phoenix");
    expect(zoneFromPhone("+442079460958")).toBeNull();
  });
  it("formats a slot with weekday, date, time and zone", () => {
    expect(formatSlot("2026-11-24T17:00:00.000Z", "America/Los_Angeles")).toBe("Tue, Nov 24 at 9:00 AM PT");
    expect(formatSlot("2026-11-24T17:00:00.000Z", "America/New_York")).toBe("Tue, Nov 24 at 12:00 PM ET");
    expect(zoneLabel("Europe/London", new Date("2026-07-01T12:00:00Z"))).toBe("GMT+1");
  });
});
