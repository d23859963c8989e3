import { describe, expect, it } from "vitest";
import { requiredLiterals } from "../../src/text/required-literals.js";
import { LiteralScanner } from "../../src/text/literal-scanner.js";

const needs = (source: string) => {
  const found = requiredLiterals(source);
  return found === null ? null : [...found].sort();
};

describe("what a regex needs in a text before it can match", () => {
  it("keeps exact alternatives and optional pieces together as whole strings", () => {
    expect(needs(String.raw`\bkill(?:ing|ed)? (?:my|me)self\b`)).toEqual(["kill meself", "kill myself", "killed meself", "killed myself", "killing meself", "killing myself"].sort());
  });

  it("takes the most selective run when loose pieces (\\w+, .*) break the regex up", () => {
    expect(needs(String.raw`\b(?:want|need) to (?:\w+ ){0,3}die\b`)).toEqual(["need to ", "want to "]);
    expect(needs(String.raw`\bi (?:\w+ )?overdosed\b`)).toEqual(["overdosed"]);
  });

  it("follows a repetition through one copy and starts again at the last (su+icide)", () => {
    expect(needs(String.raw`\bsu+icid[a-z]*`)).toEqual(["uicid"]);
  });

  it("reads positive lookaheads: what they look for is in the text too", () => {
    const found = needs(String.raw`^(?=.*\bengine running\b)(?=.*\bgarage\b)`);
    expect(found === null ? null : found.length).toBe(1);
    expect(["engine running", "garage"]).toContain(found![0]);
  });

  it("answers null (always run the regex) when any alternative needs nothing or only very short strings", () => {
    expect(needs(String.raw`\bkms\b|\d+ ?km`)).toBeNull();
    expect(needs("(?:a|b)c")).toBeNull();
    expect(needs(String.raw`\w+in`)).toBeNull();
    expect(needs(String.raw`\w+ing`)).toEqual(["ing"]);
    expect(needs(String.raw`(?!kill)\w+`)).toBeNull();
    expect(needs("(unclosed")).toBeNull();
  });

  it("drops strings that contain another: finding the shorter one is enough", () => {
    expect(needs(String.raw`\bdie\b|\bdied\b|\bdying\b`)).toEqual(["die", "dying"]);
  });
});

describe("the literal scanner", () => {
  const scanner = new LiteralScanner([["kill myself", "kms"], null, ["overdosed", "took all"], ["goodbye forever"]]);
  const found = (text: string) => [...scanner.scan(text)];

  it("marks every group one of whose strings occurs, and the groups that need nothing", () => {
    expect(found("i want to kill myself tonight")).toEqual([1, 1, 0, 0]);
    expect(found("i think i overdosed and took all of it")).toEqual([0, 1, 1, 0]);
    expect(found("what are your hours")).toEqual([0, 1, 0, 0]);
  });

  it("finds strings that overlap or end inside another (the automaton's failure links)", () => {
    expect(found("kkmskill myselfgoodbye forever")).toEqual([1, 1, 0, 1]);
    expect(found("took alkms")).toEqual([1, 1, 0, 0]);
  });

  it("treats characters no string has as gaps, and an empty text as nothing found", () => {
    expect(found("¡adiós! kill myself 💊")).toEqual([1, 1, 0, 0]);
    expect(found("")).toEqual([0, 1, 0, 0]);
  });

  it("matches long strings by their first characters only: a prefix is needed too", () => {
    expect(found("goodbye forev")).toEqual([0, 1, 0, 0]);
    expect(found("goodbye forevermore")).toEqual([0, 1, 0, 1]);
  });
});
