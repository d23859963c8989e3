import { describe, expect, it } from "vitest";
import { loadSafetyPatterns } from "../../src/safety/load-patterns.js";
import { normalisedVariants } from "../../src/safety/normalise.js";
import { readTrainingFolder } from "../../src/nlu/training-data.js";

/**
 * The pattern sets run a rule only when a string it needs is in the text (pattern-set.ts). That
 * must never change a verdict: over safety training messages, alone and read with two others as
 * the conversation window does, the prefiltered match is the full match.
 */
describe("the pattern sets' prefilter", () => {
  const patterns = loadSafetyPatterns();
  const texts = readTrainingFolder("safety").map((e) => e.text);
  // Every third message alone and every twentieth in a window: the full match is slow, and the suite
  // has a time budget (all of them, with every window, were compared when the prefilter was written).
  const readings = texts.flatMap((t, i) => [
    ...(i % 3 === 0 ? normalisedVariants(t) : []),
    ...(i % 20 === 0 ? normalisedVariants([texts[(i + 1) % texts.length], texts[(i + 7) % texts.length], t].join(" . ")) : []),
  ]);

  for (const name of ["crisis", "medical", "manipulation"] as const) {
    it(`changes no ${name} verdict and no exclusion over a third of the ${texts.length} training messages and some windows`, () => {
      const set = patterns[name].set;
      const differ: string[] = [];
      for (const reading of readings) {
        if (set.match([reading]) !== set.matchEverything([reading])) differ.push(reading);
        else if (set.stripExclusions(reading) !== set.stripEveryExclusion(reading)) differ.push(reading);
      }
      expect(differ).toEqual([]);
      // The full match is the slow part (about 11 s for the crisis file on this machine, alone): a
      // generous limit, so that a machine busy with the rest of the suite does not fail it.
    }, 90_000);
  }

  it("actually filters: most rules need a string, and an ordinary question runs almost none", () => {
    const set = patterns.crisis.set;
    const withNeeds = set.needs.rules.filter((n) => n !== null).length;
    expect(withNeeds / set.rules.length).toBeGreaterThan(0.9);
  });
});
