import { describe, expect, it } from "vitest";
import { loadSafetyPatterns } from "../../src/safety/load-patterns.js";
import { normalisedVariants } from "../../src/safety/normalise.js";
import { readTrainingFolder } from "../../src/nlu/training-data.js";

/**
 * The pattern sets run a rule only when a string it needs is in the text (pattern-set.ts). That
 * must never change a verdict: over every safety training message, alone and (one in six) read with two
 * others as the conversation window does, the prefiltered match is the full match.
 */
describe("the pattern sets' prefilter", () => {
  const patterns = loadSafetyPatterns();
  const texts = readTrainingFolder("safety").map((e) => e.text);
  // Every message alone, and every sixth in a window (the windows are long: the full match is slow on them).
  const readings = texts.flatMap((t, i) => [
    ...normalisedVariants(t),
    ...(i % 6 === 0 ? normalisedVariants([texts[(i + 1) % texts.length], texts[(i + 7) % texts.length], t].join(" . ")) : []),
  ]);

  for (const name of ["crisis", "medical", "manipulation"] as const) {
    it(`changes no ${name} verdict and no exclusion over ${texts.length} training messages and windows`, () => {
      const set = patterns[name].set;
      const differ: string[] = [];
      for (const reading of readings) {
        if (set.match([reading]) !== set.matchEverything([reading])) differ.push(reading);
        else if (set.stripExclusions(reading) !== set.stripEveryExclusion(reading)) differ.push(reading);
      }
      expect(differ).toEqual([]);
    });
  }

  it("actually filters: most rules need a string, and an ordinary question runs almost none", () => {
    const set = patterns.crisis.set;
    const withNeeds = set.needs.rules.filter((n) => n !== null).length;
    expect(withNeeds / set.rules.length).toBeGreaterThan(0.9);
  });
});
