import { describe, expect, it } from "vitest";
import { hunspellWords, isEnglishWord } from "../../src/nlu/english.js";

describe("isEnglishWord (Hunspell en_US)", () => {
  it("accepts stems and the forms their affixes make", () => {
    for (const word of ["order", "ordered", "reorder", "reordering", "unhappy", "happily", "nurse's", "infusions", "dissociation", "wouldn't"]) {
      expect(isEnglishWord(word), word).toBe(true);
    }
  });

  it("accepts a name typed in lowercase (checked capitalised), never a typo", () => {
    expect(isEnglishWord("rome")).toBe(true);
    expect(isEnglishWord("tuesday")).toBe(true);
    for (const word of ["wnat", "slef", "killng", "suicdal", "ketamin", "infusoin"]) expect(isEnglishWord(word), word).toBe(false);
  });

  it("reads a curly apostrophe as a straight one", () => {
    expect(isEnglishWord("don’t")).toBe(true);
  });
});

describe("hunspellWords", () => {
  const aff = ["SET UTF-8", "ONLYINCOMPOUND c", "PFX U Y 1", "PFX U   0     un         .", "SFX D Y 2", "SFX D   0     d          e", "SFX D   y     ied        [^aeiou]y", "SFX V N 1", "SFX V   e     ive        e"].join("\n");

  it("applies suffixes where their condition holds, prefixes, and both where both combine", () => {
    const words = hunspellWords(aff, "4\nlike/DU\ntry/D\nplay/D\ncreate/UV\n");
    expect([...words].sort()).toEqual(["create", "creative", "like", "liked", "play", "try", "tried", "uncreate", "unlike", "unliked"].sort());
  });

  it("leaves out stems allowed only inside compounds", () => {
    expect(hunspellWords(aff, "2\nth/c\nthe\n")).toEqual(new Set(["the"]));
  });
});
