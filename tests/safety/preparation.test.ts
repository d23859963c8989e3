import { describe, expect, it } from "vitest";
import { testContent } from "../helpers/test-app.js";
import { loadSafetyScreenParts, preparationSteps } from "../../src/content.js";
import { createSafetyScreen } from "../../src/safety/screen.js";

/**
 * A server runs the screen's and the matcher's preparation steps once it listens (src/main.ts):
 * V8 compiles every pattern and the spelling indexes are built then, not on a person's first
 * message. The steps must be safe to run at any time, more than once, and change no answer.
 */
describe("warming up after start-up", () => {
  const content = testContent();
  const messages = [
    "how much does a session cost",
    "i want to die",
    "wnat to dye tonite",
    "takin my kids to the range saturday",
    "scattered his ashes on the lake today",
    "necesito ayuda, me quiero matar",
    "what are the side efects",
  ];
  const match = (text: string) => content.matcher.match(text).verdict;

  it("offers steps for the screen's patterns and spelling index and the matcher's spelling index", () => {
    expect(content.safety.preparation?.().length).toBeGreaterThan(80);
    expect(content.matcher.preparation?.().length).toBe(1);
  });

  it("changes no verdict and no match, run once or twice", () => {
    // A fresh screen each time: a screen remembers its recent verdicts, which would hide a change.
    const parts = loadSafetyScreenParts();
    const before = messages.map((m) => [createSafetyScreen(parts).screen(m), match(m)]);
    for (let round = 0; round < 2; round++) {
      for (const step of preparationSteps(content)) step();
      const fresh = createSafetyScreen(parts);
      expect(messages.map((m) => [fresh.screen(m), match(m)])).toEqual(before);
    }
  });
});
