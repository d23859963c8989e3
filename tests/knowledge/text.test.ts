import { describe, expect, it } from "vitest";
import { splitClauses } from "../../src/knowledge/clauses.js";
import { SpellingCorrector, editDistance } from "../../src/nlu/spelling.js";
import { foldTokens } from "../../src/nlu/fold.js";
import { loadFoldVocabulary } from "../../src/nlu/vocabulary.js";
import { isEnglishWord } from "../../src/nlu/english.js";

const vocab = loadFoldVocabulary();

describe("folding a message for the classifiers", () => {
  it("expands SMS shorthand, drops apostrophes and folds accents", () => {
    expect(foldTokens("hw long r u open? I'm asking, está bien", vocab)).toEqual(["how", "long", "are", "you", "open", "im", "asking", "esta", "bien"]);
  });

  it("reads emoji as words, joins spaced or dotted letters, reads leetspeak between letters and cuts long runs", () => {
    expect(foldTokens("💊💊 2nite", vocab)).toEqual(["pill", "pill", "tonight"]);
    expect(foldTokens("s-u-i-c-i-d-a-l", vocab)).toEqual(["suicidal"]);
    expect(foldTokens("s.u.i.c.i.d.e", vocab)).toEqual(["suicide"]);
    expect(foldTokens("su1c1d3", vocab)).toEqual(["suicide"]);
    expect(foldTokens("pleeeease", vocab)).toEqual(["pleease"]);
    expect(foldTokens("⚰️ 🪢 🔫", vocab)).toEqual(["coffin", "rope", "gun"]);
  });

  it("keeps numbers that are not leetspeak", () => {
    expect(foldTokens("call 988 or take 50mg", vocab)).toEqual(["call", "988", "or", "take", "50mg"]);
  });
});

describe("spelling", () => {
  it("measures swaps as one edit", () => {
    expect(editDistance("infusoin", "infusion", 2)).toBe(1);
    expect(editDistance("ketamine", "katamine", 2)).toBe(1);
    expect(editDistance("abc", "xyz", 1)).toBe(2);
  });

  it("corrects towards the vocabulary, splits joined words, leaves real words alone", () => {
    const vocab = new Map(
      Object.entries({ session: 5, sessions: 3, how: 9, long: 9, older: 2, hello: 2, help: 4 }).map(([w, total]) => [w, { total, en: total, es: 0 }]),
    );
    const corrector = new SpellingCorrector(vocab, (w) => w === "order");
    expect(corrector.correct("sesion")).toEqual(["session"]);
    expect(corrector.correct("howlong")).toEqual(["how", "long"]);
    expect(corrector.correct("order")).toEqual(["order"]);
    expect(corrector.correct("helo")).toEqual(["hello"]);
    expect(corrector.correct("zzzz")).toEqual(["zzzz"]);
  });

  it("reads a dropped final g as the -ing word, even when the training data writes it dropped, but keeps words that end in -in", () => {
    const lexicon = new Map([["takin", { total: 9, en: 9, es: 0 }]]);
    const corrector = new SpellingCorrector(lexicon, isEnglishWord);
    expect(["takin", "buryin", "bleedin", "nothin"].map((w) => corrector.correct(w)[0])).toEqual(["taking", "burying", "bleeding", "nothing"]);
    expect(["robin", "within", "thin", "coffin", "heroin", "cousin"].map((w) => corrector.correct(w)[0])).toEqual(["robin", "within", "thin", "coffin", "heroin", "cousin"]);
    // A Spanish message's words are not English words with a g dropped.
    expect(corrector.correct("jardin", "es")).toEqual(["jardin"]);
  });

  it("among corrections as close, picks the word of the language the message leans to", () => {
    const counts = { the: [900, 900, 0], time: [40, 40, 0], tome: [30, 0, 30], me: [500, 300, 200], mi: [60, 0, 60], mama: [20, 2, 18], my: [400, 400, 0], pills: [50, 50, 0] };
    const corrector = new SpellingCorrector(new Map(Object.entries(counts).map(([w, [total, en, es]]) => [w, { total: total!, en: en!, es: es! }])));
    const spanish = "me tme mi mama".split(" ");
    expect(corrector.leaning(spanish)).toBe("es");
    expect(corrector.correct("tme", corrector.leaning(spanish))).toEqual(["tome"]);
    const english = "tme my pills".split(" ");
    expect(corrector.leaning(english)).toBe("en");
    expect(corrector.correct("tme", corrector.leaning(english))).toEqual(["the"]);
    // No leaning (no known words): the commoner word, as before.
    expect(corrector.leaning(["tme"])).toBeUndefined();
    expect(corrector.correct("tme")).toEqual(["the"]);
  });
});

describe("splitClauses", () => {
  it("splits two questions joined by and", () => {
    expect(splitClauses("how long does it last and is it safe")).toEqual([
      { text: "how long does it last", question: true },
      { text: "is it safe", question: true },
    ]);
  });

  it("tells a story from the question", () => {
    expect(splitClauses("my psychiatrist mentioned ketamine, how many sessions would i need")).toEqual([
      { text: "my psychiatrist mentioned ketamine", question: false },
      { text: "how many sessions would i need", question: true },
    ]);
    expect(splitClauses("i need to know how long each appointment is")).toEqual([
      { text: "i need to know", question: false },
      { text: "how long each appointment is", question: true },
    ]);
  });

  it("keeps a single question whole", () => {
    expect(splitClauses("what are the side effects of ketamine and esketamine")).toHaveLength(1);
  });
});
