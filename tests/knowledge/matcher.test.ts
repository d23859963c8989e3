import { beforeAll, describe, expect, it } from "vitest";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { loadOfflineMatcher } from "../../src/knowledge/understanding-model.js";
import type { Matcher, MatchContext } from "../../src/knowledge/types.js";

let matcher: Matcher;
beforeAll(() => {
  matcher = loadOfflineMatcher(loadKnowledgeBase());
});

/** The ids the matcher is confident about, in order. */
function ids(text: string, context: MatchContext = {}): string[] {
  return matcher.match(text, context).matches.map((m) => m.id);
}

describe("matcher: plain questions", () => {
  it.each([
    ["how long do the effects of an infusion last", "effects-duration"],
    ["what side effects can ketamine cause", "side-effects"],
    ["how much is ketamine therapy", "cost-and-insurance"],
    ["is ketamine addictive", "addiction"],
    ["what is treatment resistant depression", "treatment-resistant-depression"],
  ])("%s -> %s", (text, id) => {
    expect(ids(text)).toEqual([id]);
  });
});

describe("matcher: close topics", () => {
  it.each([
    ["how long does it last", "effects-duration"],
    ["how long is a session", "session-length"],
    ["how soon does it work", "how-fast-it-works"],
    ["how long does the infusion take", "session-length"],
    ["how long until it starts working", "how-fast-it-works"],
    ["how many infusions will i have", "number-of-treatments"],
    ["is it safe", "is-it-safe"],
    ["who shouldn't get ketamine", "who-can-have-it"],
    ["how does ketamine work on the brain", "how-it-works"],
    ["does ketamine work for depression", "does-it-work"],
  ])("%s -> %s", (text, id) => {
    expect(ids(text)).toEqual([id]);
  });
});

describe("matcher: typos", () => {
  it.each([
    ["how lomg does ketamine last", "effects-duration"],
    ["what are the side efects", "side-effects"],
    ["is ketamine adictive", "addiction"],
    ["how manny infusoins do i need", "number-of-treatments"],
    ["does insurence cover it", "cost-and-insurance"],
    ["how long is a sesion", "session-length"],
    ["howlong does it last", "effects-duration"],
  ])("%s -> %s", (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  it("does not turn a real word into an FAQ word", () => {
    // "order" is one letter from "older" (age), but it is a word of its own.
    expect(ids("can you order me a pizza")).toEqual([]);
  });
});

describe("matcher: SMS shorthand", () => {
  it.each([
    ["r there side effects", "side-effects"],
    ["how many sessions do ppl need", "number-of-treatments"],
    ["cn i drive home after", "getting-home"],
    ["wat does it cost", "cost-and-insurance"],
    ["do u take ins", "cost-and-insurance"],
  ])("%s -> %s", (text, id) => {
    expect(ids(text)).toEqual([id]);
  });
});

describe("matcher: synonyms", () => {
  it("treats sessions, treatments, infusions and appointments alike", () => {
    for (const word of ["sessions", "treatments", "infusions", "appointments"]) {
      expect(ids(`how many ${word} will i need`)).toEqual(["number-of-treatments"]);
    }
  });

  it("knows brand names of antidepressants", () => {
    expect(ids("is ketamine better than zoloft")).toEqual(["ketamine-vs-antidepressants"]);
    expect(ids("ketamine or wellbutrin")).toEqual(["ketamine-vs-antidepressants"]);
  });

  it("knows esketamine is Spravato", () => {
    expect(ids("what is esketamine")).toEqual(["spravato"]);
  });
});

describe("matcher: questions wrapped in a story", () => {
  it("reads the question, not the story", () => {
    expect(ids("my psychiatrist brought up ketamine yesterday. how many sessions are usually needed?")).toEqual(["number-of-treatments"]);
    expect(ids("ive been depressed for years and tried lots of things, how fast does ketamine work")).toEqual(["how-fast-it-works"]);
  });
});

describe("matcher: follow-ups", () => {
  it("reads 'they' after the side-effects answer as the side effects", () => {
    expect(ids("how long do they last?", { lastFaqId: "side-effects" })).toEqual(["side-effects"]);
    // Without the context "they" could be the sessions or the effects; it is not the side effects.
    expect(ids("how long do they last?")).not.toEqual(["side-effects"]);
  });

  it("reads a bare 'how often?' after the treatments answer as about treatments", () => {
    expect(ids("how often?", { lastFaqId: "number-of-treatments" })).toEqual(["number-of-treatments"]);
  });

  it("does not force the last topic on a question with a topic of its own", () => {
    expect(ids("how much does it cost", { lastFaqId: "side-effects" })).toEqual(["cost-and-insurance"]);
    expect(ids("what about the side effects", { lastFaqId: "effects-duration" })).toEqual(["side-effects"]);
  });
});

describe("matcher: two questions in one message", () => {
  it("returns both, in the order asked", () => {
    expect(ids("how long does it last and is it safe")).toEqual(["effects-duration", "is-it-safe"]);
    expect(ids("is it safe? how long does it last?")).toEqual(["is-it-safe", "effects-duration"]);
    expect(ids("how much does it cost, and can i drive myself home")).toEqual(["cost-and-insurance", "getting-home"]);
  });

  it("keeps one answer when both clauses are about the same thing", () => {
    expect(ids("what are the side effects and how long do they last")).toEqual(["side-effects"]);
  });

  it("drops a greeting or thanks that comes with a real question", () => {
    expect(ids("hi! how long does ketamine last?")).toEqual(["effects-duration"]);
    expect(ids("thanks. and do you take insurance?")).toEqual(["cost-and-insurance"]);
  });
});

describe("matcher: intents compete with FAQ entries", () => {
  it.each([
    ["book me a consultation please", "book"],
    // A spent blind set's line (faq-J): the out-of-scope examples hold the same words about other places.
    ["how do i make an appointment", "book"],
    ["i need to move my appointment", "reschedule"],
    ["please cancel my consult", "cancel"],
    ["can i speak to a real person", "human"],
    ["hello", "greeting"],
    ["thank you!", "thanks"],
    ["yes please", "yes"],
    ["nope", "no"],
    ["what can you help me with", "help"],
    ["how do i get started", "how-to-start"],
  ])("%s -> %s", (text, id) => {
    expect(ids(text)[0]).toBe(id);
  });
});

describe("matcher: low confidence and out of scope", () => {
  it.each([
    "what's the weather in denver",
    "who won the super bowl",
    "where is the closest gas station",
    "how do i center a div in css",
    "do you sell gift cards for massages",
    "",
    "   ",
    "?!?",
    "qwertyuiop",
  ])("does not guess: %j", (text) => {
    const result = matcher.match(text);
    expect(result.matches).toEqual([]);
  });

  it("still reports the best candidate below the threshold", () => {
    const result = matcher.match("how long does pasta keep in the fridge");
    expect(result.matches).toEqual([]);
    expect(result.best).not.toBeNull();
    expect(result.best!.score).toBeGreaterThan(0);
    expect(result.best!.score).toBeLessThan(1);
  });

  it("scores confident matches in [0, 1]", () => {
    const [m] = matcher.match("what are the side effects").matches;
    expect(m).toMatchObject({ kind: "faq", id: "side-effects" });
    expect(m!.score).toBeGreaterThan(0.6);
    expect(m!.score).toBeLessThanOrEqual(1);
  });
});


describe("matcher: an appointment somewhere else is out of scope", () => {
  it.each(["how do I make an appointment at the DMV", "how do i make an appointment for my dog at the vet"])("%s", (text) => {
    expect(matcher.match(text).verdict).toBe("out-of-scope");
  });
});
