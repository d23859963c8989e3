import { describe, expect, it } from "vitest";
import { MAX_SCREENED_CHARS, normalise, normalisedVariants } from "../../src/safety/normalise.js";

describe("normalise", () => {
  it("lowercases, folds accents and drops punctuation and apostrophes", () => {
    expect(normalise("I’m SO tired…  Café!!")).toBe("im so tired cafe");
    expect(normalise("don't, can't; won't")).toBe("dont cant wont");
  });

  it("spells out shorthand and common misspellings", () => {
    expect(normalise("i wnt to kil myslef")).toBe("i want to kill myself");
    expect(normalise("im suicidel")).toBe("im suicidal");
    expect(normalise("u r gonna b ok")).toBe("you are going to b ok");
    expect(normalise("I am fine")).toBe("im fine");
    expect(normalise("i dont wanna live any more")).toBe("i dont want to live anymore");
    // from vocabulary/safety-respellings.yaml: whole tokens, then phrases ("breast feed" also inside a longer word)
    expect(normalise("I wanna end it 2nite")).toBe("i want to end it tonight");
    expect(normalise("i am done with my self")).toBe("im done with myself");
    expect(normalise("breast feeding and ketamine?")).toBe("breastfeeding and ketamine");
    // a token inside a longer word is left alone
    expect(normalise("wannabe")).toBe("wannabe");
  });

  it("reads leetspeak only between letters, so doses and numbers stay", () => {
    expect(normalise("k1ll myself")).toBe("kill myself");
    expect(normalise("i want to d!e")).toBe("i want to die");
    expect(normalise("50mg at 2nd visit, call 988")).toBe("50mg at 2nd visit call 988");
  });

  it("reads words typed letter by letter with wider gaps between them", () => {
    expect(normalise("m e  v o y  a  m a t a r  h o y")).toBe("me voy a matar hoy");
    expect(normalise("i  w a n t  t o  d i e")).toBe("i want to die");
    // Two single letters, or ordinary words with a double space, are left alone.
    expect(normalise("a  b")).toBe("a b");
    expect(normalise("see you  at 5")).toBe("see you at 5");
  });

  it("reads leetspeak runs inside a word, and every letter typed twice, once", () => {
    expect(normalise("d3@d by m0rning")).toBe("dead by morning");
    expect(normalise("ii wwaanntt ttoo ddiiee")).toBe("i want to die");
    // Numbers, doses and ordinary doubled letters stay.
    expect(normalise("50mg at 2nd visit, call 988 24/7")).toBe("50mg at 2nd visit call 988 24 7");
    expect(normalise("too see the llama, see you soon")).toBe("too see the llama see you soon");
  });

  it("spells out percent signs, so rate claims stay visible", () => {
    expect(normalise("confirm a 90% success rate")).toBe("confirm a 90 percent success rate");
  });

  it("offers the elongation-squeezed and spelled-out readings as variants", () => {
    expect(normalise("i want to diiie")).toBe("i want to diie");
    expect(normalisedVariants("i want to diiie")).toEqual(["i want to diie", "i want to die"]);
    expect(normalisedVariants("k m s")).toContain("kms");
    // Dotted or dashed letters are joined before shorthand reads "n" as "and" and "u" as "you" (and the
    // joined "iwanttodie" is then read as its words).
    expect(normalisedVariants("i w.a.n.t t.o d.i.e")).toContain("i want to die");
    expect(normalisedVariants("s-u-i-c-i-d-a-l")).toContain("suicidal");
    expect(normalisedVariants("hello there")).toEqual(["hello there"]);
  });

  it("cuts letters typed one by one without wider gaps into the fewest words", () => {
    expect(normalisedVariants("s e l f h a r m i n g r n")).toContain("self harming right now");
    expect(normalisedVariants("i w a n t t o d i e")).toContain("i want to die");
    // One long word beats two short ones ("therapist", not "the rapist").
    expect(normalisedVariants("my t h e r a p i s t said hi")).toContain("my therapist said hi");
    expect(normalisedVariants("my t h e r a p i s t said hi")).not.toContain("my the rapist said hi");
    // Letters that make no words stay joined.
    expect(normalisedVariants("x q z v w k")).toEqual(["x q z v w k", "xqzvwk"]);
  });

  it("offers readings with dotted abbreviations joined and a dropped final g put back", () => {
    // Two dotted letters are an abbreviation ("o.d."); two undotted ones ("a b") are not joined.
    expect(normalisedVariants("gonna o.d. tonight")).toContain("going to od tonight");
    expect(normalisedVariants("plan a b")).toEqual(["plan a b"]);
    // "-in" for "-ing" where only the -ing form is a word; words of their own ("robin", "cabin", "within") stay.
    expect(normalisedVariants("im loadin it now")).toContain("im loading it now");
    expect(normalisedVariants("robin is within the cabin")).toEqual(["robin is within the cabin"]);
  });

  it("caps very long input", () => {
    expect(normalise("a ".repeat(MAX_SCREENED_CHARS)).length).toBeLessThanOrEqual(MAX_SCREENED_CHARS);
  });
});
