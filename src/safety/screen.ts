import type { SafetyScreen, SafetyVerdict } from "./types.js";
import { loadSafetyPatterns, type SafetyPatterns } from "./load-patterns.js";
import { normalisedVariants } from "./normalise.js";

/**
 * What an internal failure returns. Fail closed: a crisis reply to an ordinary message is
 * a gentle mistake, a missed crisis is the worst one this product can make. The screen is
 * pure regex work over a bounded string, so this is a guard, not an expected path.
 */
const SCREEN_ERROR: SafetyVerdict = { kind: "crisis", category: "suicide", rule: "screen-error" };
const OK: SafetyVerdict = { kind: "ok" };

/**
 * Builds the screen the turn pipeline runs first on every inbound message, on every channel.
 * Order: crisis beats medical beats manipulation beats ok. Loading reads and validates the
 * three pattern files once and throws (naming the file and field) if one is wrong;
 * `screen()` is then synchronous, does no I/O and never throws.
 */
export function createSafetyScreen(patterns: SafetyPatterns = loadSafetyPatterns()): SafetyScreen {
  const { crisis, medical, manipulation } = patterns;
  return {
    screen(text: string): SafetyVerdict {
      try {
        const readings = normalisedVariants(typeof text === "string" ? text : String(text ?? ""));
        const c = crisis.set.match(readings);
        if (c) return { kind: "crisis", category: c.meta.category, rule: c.name };
        const m = medical.set.match(readings);
        if (m) return { kind: "medical", topic: m.meta.topic, rule: m.name };
        const x = manipulation.set.match(readings);
        if (x) return { kind: "manipulation", rule: x.name };
        return OK;
      } catch {
        return SCREEN_ERROR;
      }
    },
  };
}
