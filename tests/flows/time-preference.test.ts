import { describe, expect, it } from "vitest";
import { describePreference, fitsPreference, parsePreference } from "../../src/flows/booking/time-preference.js";

// Saturday 21 Nov 2026, 10:00 AM in New York.
const NOW = new Date("2026-11-21T15:00:00Z");
const NY = "America/New_York";
const p = (text: string, zone = NY, now = NOW) => parsePreference(text, now, zone);

describe("parsePreference: free-text times in the person's zone", () => {
  it("reads 'tomorrow afternoon'", () => {
    expect(p("tomorrow afternoon")).toEqual({ days: { from: "2026-11-22", to: "2026-11-22" }, after: 720, before: 1020, at: null, soonest: false });
  });

  it("reads 'next tue after 3' as Tuesday from 3 PM", () => {
    expect(p("next tue after 3")).toMatchObject({ days: { from: "2026-11-24", to: "2026-11-24" }, after: 900, before: null, at: null });
  });

  it("reads 'this week' and 'next week' as date ranges", () => {
    expect(p("this week")).toMatchObject({ days: { from: "2026-11-21", to: "2026-11-22" } });
    expect(p("sometime next week")).toMatchObject({ days: { from: "2026-11-23", to: "2026-11-29" } });
  });

  it("reads 'asap' as the soonest slots", () => {
    expect(p("asap")).toEqual({ days: null, after: null, before: null, at: null, soonest: true });
    expect(p("whatever is earliest")).toMatchObject({ soonest: true });
  });

  it("reads 'any slots friday morning'", () => {
    expect(p("any slots friday morning")).toMatchObject({ days: { from: "2026-11-27", to: "2026-11-27" }, after: 0, before: 720 });
  });

  it("reads exact times: '2:30', 'the 9am', 'actually make it 3pm'", () => {
    expect(p("2:30")).toMatchObject({ at: 14 * 60 + 30, days: null });
    expect(p("the 9am")).toMatchObject({ at: 9 * 60 });
    expect(p("actually make it 3pm")).toMatchObject({ at: 15 * 60 });
    expect(p("tuesday at 10")).toMatchObject({ at: 10 * 60, days: { from: "2026-11-24", to: "2026-11-24" } });
  });

  it("reads ranges: 'between 10 and 12', 'before noon'", () => {
    expect(p("monday between 10 and 12")).toMatchObject({ after: 600, before: 720, days: { from: "2026-11-23" } });
    expect(p("wednesday before noon")).toMatchObject({ before: 720, days: { from: "2026-11-25" } });
  });

  it("returns null when no time is named, and for a bare pick number", () => {
    expect(p("book me")).toBeNull();
    expect(p("2")).toBeNull();
    expect(p("Alex Rivera")).toBeNull();
  });

  it("is relative to the person's zone, not the server's: late evening in LA is already tomorrow in New York", () => {
    // 11:30 PM Friday in Los Angeles is 2:30 AM Saturday in New York.
    const late = new Date("2026-11-21T07:30:00Z");
    expect(p("tomorrow", "America/Los_Angeles", late)).toMatchObject({ days: { from: "2026-11-21" } });
    expect(p("tomorrow", NY, late)).toMatchObject({ days: { from: "2026-11-22" } });
  });

  it("fits slots in the person's zone", () => {
    const pref = p("tuesday afternoon")!;
    expect(fitsPreference("2026-11-24T17:00:00.000Z", pref, NY)).toBe(true); // 12:00 PM ET
    expect(fitsPreference("2026-11-24T16:45:00.000Z", pref, NY)).toBe(false); // 11:45 AM ET
    expect(describePreference(pref, NY, NOW)).toBe("on Tue, Nov 24 between 12 PM and 5 PM");
  });
});

describe("parsePreference in Spanish (chrono.es for days, vocabulary/time-words.yaml for times)", () => {
  // Wednesday 25 Nov 2026, 10:00 AM in Los Angeles.
  const WED = new Date("2026-11-25T18:00:00Z");
  const LA = "America/Los_Angeles";
  const es = (text: string) => parsePreference(text, WED, LA);

  it("reads 'el jueves despues de las 4' (with and without the accent) as Thursday from 4 PM", () => {
    for (const text of ["el jueves despues de las 4", "el jueves después de las 4"]) {
      expect(es(text)).toEqual({ days: { from: "2026-11-26", to: "2026-11-26" }, after: 16 * 60, before: null, at: null, soonest: false });
    }
  });

  it("reads 'mañana en la tarde' (and 'manana en la tarde') as tomorrow afternoon", () => {
    for (const text of ["mañana en la tarde", "manana en la tarde", "mañana por la tarde"]) {
      expect(es(text)).toEqual({ days: { from: "2026-11-26", to: "2026-11-26" }, after: 12 * 60, before: 17 * 60, at: null, soonest: false });
    }
  });

  it("reads 'el lunes a las 10' as next Monday at 10 AM", () => {
    expect(es("el lunes a las 10")).toMatchObject({ days: { from: "2026-11-30", to: "2026-11-30" }, at: 10 * 60 });
  });

  it("reads 'en la mañana' as the morning, not tomorrow", () => {
    expect(es("en la mañana")).toEqual({ days: null, after: 0, before: 12 * 60, at: null, soonest: false });
  });

  it("reads 'el viernes a las 3 de la tarde', 'entre las 10 y las 12', 'lo antes posible', 'la próxima semana'", () => {
    expect(es("el viernes a las 3 de la tarde")).toMatchObject({ days: { from: "2026-11-27", to: "2026-11-27" }, at: 15 * 60 });
    expect(es("el martes entre las 10 y las 12")).toMatchObject({ days: { from: "2026-12-01" }, after: 600, before: 720 });
    expect(es("lo antes posible")).toMatchObject({ soonest: true });
    expect(es("la próxima semana")).toMatchObject({ days: { from: "2026-11-30", to: "2026-12-06" } });
  });

  it("describes a preference in Spanish", () => {
    const words = {
      pieces: { today: "hoy", onDay: "el {day}", betweenDays: "entre el {from} y el {to}", atTime: "a las {time}", betweenTimes: "entre las {from} y las {to}", afterTime: "después de las {time}", beforeTime: "antes de las {time}", soon: "pronto" },
      locale: "es",
      dayFormat: "cccc d 'de' LLLL",
    };
    expect(describePreference(es("el jueves despues de las 4")!, LA, WED, words)).toBe("el jueves 26 de noviembre después de las 4 PM");
  });

  it("leaves English alone: 'tomorrow afternoon' and a bare 'no' are unchanged", () => {
    expect(es("tomorrow afternoon")).toMatchObject({ days: { from: "2026-11-26" }, after: 720, before: 1020 });
    expect(es("no")).toBeNull();
  });
});
