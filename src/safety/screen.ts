import { RecentResults } from "../util/memo.js";
import { join } from "node:path";
import { z } from "zod";
import type { CheckInAnswer, CrisisCategory, SafetyLanguage, SafetyScreen, SafetyVerdict, ScreenContext } from "./types.js";
import { warmUpSteps, type SafetyPatterns } from "./load-patterns.js";
import type { TextClassifier } from "../nlu/text-classifier.js";
import type { NearestExamples } from "../nlu/nearest.js";
import type { LanguageGuesser } from "../nlu/language.js";
import { readYamlFile } from "../nlu/data-file.js";
import { normalisedVariants } from "./normalise.js";
import { PROJECT_ROOT } from "../util/project-root.js";

/** At most this many words for an earlier "yes, I'm safe" to be left out of the window. */
const SHORT_ANSWER_WORDS = 5;
/** Longer than this, a message is not a short answer whatever its words (and is not read again to find out). */
const SHORT_ANSWER_CHARS = 60;

/**
 * Where the crisis classifier's probabilities turn into tiers. Chosen on the spent blind sets
 * crisis-A and crisis-B (a grid over the check-in threshold: 0.30 gave 99.1% caught and 2.6%
 * alarms, 0.33 99.1% and 1.8%, 0.35 98.9% and 1.5%), never on an unread set: recall comes
 * first, and the check-in tier takes what is likely but not clear. Both were chosen again on all
 * fifteen spent sets (5,560 crisis-set lines, 3,324 questions) after the round-10 look-alikes
 * lowered the classifier's probabilities: `dismiss` 0.97 loses no crisis message and cuts alarms on
 * look-alikes from 3.1% to 2.6% (0.95 loses two; 0.99 helps less); the check-in at 0.28 misses 15
 * crisis messages with 2.5% alarms (0.33: 27 and 2.2%; 0.25: 13 and 2.7%). Then the nearest
 * examples' vote was blended in (21 spent sets, 7,344 crisis-set lines, 5,044 questions): weight
 * 0.3 with the check-in at 0.33 and the full reply at 0.55 misses 15 crisis messages where the
 * classifier alone (0.28, 0.5) missed 21, alarms on look-alikes 2.75% (was 2.91%), on ordinary
 * questions 0.20% (was 0.54%), full replies on look-alikes 1.12% (was 0.90%); weights 0.2-0.5
 * and check-ins 0.33-0.45 were tried. Training round 27 (stop 33: look-alikes of ended services,
 * everyday tools, pills and past episodes, and understated crises) lowered the probabilities again:
 * on the 85 spent crisis and Spanish sets pooled (21,769 crisis lines, 21,767 look-alikes) the check-in
 * at 0.33 missed 71 (57 before the round), at 0.31 56 with 2.50% alarms (2.48% before) and 0.58% full
 * replies (0.64%); 0.30 missed 51 with 2.66%, 0.32 65 with 2.34%.
 */
export interface CrisisThresholds {
  /** P(crisis) at or above which the full crisis reply goes out. */
  readonly crisis: number;
  /** P(crisis) + P(risk) at or above which the check-in goes out. */
  readonly risk: number;
  /** P(none) at or above which a pattern's crisis verdict is lowered to a check-in. */
  readonly doubt: number;
  /** P(none) at or above which a pattern that is not `certain` is set aside altogether. */
  readonly dismiss: number;
  /** How much the nearest examples' vote counts beside the classifier (0: not at all). */
  readonly nearestWeight: number;
}

export const DEFAULT_THRESHOLDS: CrisisThresholds = { crisis: 0.55, risk: 0.31, doubt: 0.9, dismiss: 0.97, nearestWeight: 0.3 };

/** What the screen is made of; `createSafetyScreen` in content.ts puts it together. */
export interface SafetyScreenParts {
  readonly patterns: SafetyPatterns;
  readonly classifier: TextClassifier;
  /** Messages that are only a farewell: at most the check-in from the classifier alone. */
  readonly farewells?: PlainFarewells;
  /** The nearest written examples, whose vote is blended with the classifier's probabilities (`nearestWeight`). */
  readonly nearest?: NearestExamples;
  readonly language: LanguageGuesser;
  readonly checkInAnswer: (folded: string) => CheckInAnswer;
  readonly categories: CategoryCues;
  readonly thresholds?: CrisisThresholds;
}

/**
 * The safety screen, in layers, all synchronous and local:
 * 1. The crisis patterns (src/safety/crisis-patterns.yaml): clear statements, high precision.
 * 2. The crisis classifier (src/nlu/, trained from training/safety/): folded text (emoji read
 *    as words, spaced letters joined, misspellings corrected by edit distance), word and
 *    character features, crisis / risk / none.
 * 3. The conversation window: the last few messages screened together with this one, so risk
 *    split over two messages is seen.
 * 4. A "no" to "are you safe right now?" is a crisis.
 * Crisis beats possible risk beats medical beats manipulation beats ok. The screen fails
 * closed: an internal error is a crisis.
 */
export function createSafetyScreen(parts: SafetyScreenParts): SafetyScreen {
  const { patterns, classifier, language, categories } = parts;
  const t = parts.thresholds ?? DEFAULT_THRESHOLDS;

  /**
   * P(crisis) and P(risk). The nearest written examples vote too: a paraphrase of a crisis message
   * in the data counts when its words do. With `exact` false the vote is skipped when it could not
   * change the tier: it could not lift the message to the check-in, or the classifier alone makes
   * it a crisis whatever the ten nearest examples say.
   */
  function probabilities(tokens: readonly string[], exact: boolean): { crisis: number; risk: number } {
    const bag = classifier.featuresOfTokens(tokens);
    const p = classifier.predictBag(bag);
    const of = (label: string) => p.find((x) => x.label === label)?.probability ?? 0;
    const w = t.nearestWeight;
    const cannotReachCheckIn = of("crisis") + of("risk") < (t.risk - w) / (1 - w);
    // Nor when the classifier alone already makes it a crisis whatever the vote: the tier is the same.
    const crisisWhateverTheVote = (1 - w) * of("crisis") >= t.crisis;
    const votes = parts.nearest && w > 0 && (exact || !(cannotReachCheckIn || crisisWhateverTheVote)) ? parts.nearest.vote(bag) : undefined;
    if (!votes || votes.size === 0) return { crisis: of("crisis"), risk: of("risk") };
    return { crisis: (1 - w) * of("crisis") + w * (votes.get("crisis") ?? 0), risk: (1 - w) * of("risk") + w * (votes.get("risk") ?? 0) };
  }

  /**
   * The verdict is a pure function of the text, the recent messages and whether the bot asked
   * if the person is safe, so the same words ("yes", "book", a common question) are screened
   * once. An error is never remembered: the next call screens again (and fails closed again).
   */
  const recentVerdicts = new RecentResults<SafetyVerdict>(SCREEN_MEMO_SIZE);

  return {
    screen(text: string, context: ScreenContext = {}): SafetyVerdict {
      const message = typeof text === "string" ? text : String(text ?? "");
      const recent = context.recent ?? [];
      if (message.length + recent.reduce((n, r) => n + r.length, 0) > SCREEN_MEMO_MAX_CHARS) return screenUncached(message, context);
      const key = `${context.askedIfSafe ? 1 : 0}${context.afterCrisis ? 1 : 0}\u0001${recent.join("\u0002")}\u0001${message}`;
      let failed = false;
      const verdict = recentVerdicts.get(key, () => {
        const v = screenUncached(message, context);
        failed = v.kind === "crisis" && v.rule === "screen-error";
        return Object.freeze(v);
      });
      if (failed) recentVerdicts.forget(key);
      return verdict;
    },
    checkInAnswer(text: string): CheckInAnswer {
      try {
        return parts.checkInAnswer(classifier.tokens(text).join(" "));
      } catch {
        return "other";
      }
    },
    preparation: () => [...warmUpSteps(patterns), () => classifier.prepare()],
  };

  /** A reply of a few words that answers the check-in with "safe" ("si, estoy a salvo", "yes", "ok"). */
  function shortSafeAnswer(text: string): boolean {
    // Cheap checks first: most messages are longer, and reading one again costs a tokenisation.
    if (text.length > SHORT_ANSWER_CHARS || text.trim().split(/\s+/).length > SHORT_ANSWER_WORDS + 2) return false;
    const tokens = classifier.tokens(text);
    return tokens.length <= SHORT_ANSWER_WORDS && parts.checkInAnswer(tokens.join(" ")) === "safe";
  }

  /** The verdict for a message already made a string by {@link screen}. */
  function screenUncached(message: string, context: ScreenContext): SafetyVerdict {
    try {
      const tokens = classifier.tokens(message);
      const lang: SafetyLanguage = language.guess(tokens) ?? "en";
      // A rule written for one language (`language:` in the pattern file) answers in it whatever the word count says.
      const crisis = (rule: string, category: CrisisCategory = categories.of(tokens), language: SafetyLanguage = lang): SafetyVerdict => ({
        kind: "crisis",
        category,
        rule,
        language,
      });

      const answer = context.askedIfSafe ? parts.checkInAnswer(tokens.join(" ")) : "other";
      if (answer === "unsafe") return crisis("check-in-answered-unsafe");
      const readings = normalisedVariants(message);
      const hit = patterns.crisis.set.match(readings);
      // A pattern's doubt and dismissal read the exact probabilities; tiers need them only near a threshold.
      const alone = probabilities(tokens, hit !== undefined);
      // A pattern is strong evidence, but some phrases are also said in jest or about a game
      // ("i'm gonna kill you" in fortnite). When the classifier is all but sure it is not a crisis,
      // the person gets the check-in (988, 911, "are you safe?") rather than the full crisis reply.
      // When it is all but certain ("just shoot me the link"), the pattern is set aside and the
      // message is read like any other (the window and the check-in tier still apply).
      // Acts (an overdose taken, self-harm) are never set aside: "ate all my gabapentin lol its fine".
      const doubted = hit && !hit.meta.certain ? 1 - alone.crisis - alone.risk : 0;
      const dismissable = hit !== undefined && hit.meta.category !== "overdose" && hit.meta.category !== "self-harm";
      // A check-in rule is a weaker cue: it raises the check-in below, unless something reads as a crisis.
      const cue = hit?.meta.checkIn && !(dismissable && doubted >= t.dismiss) ? hit : undefined;
      if (hit && !hit.meta.checkIn && (doubted < t.dismiss || !dismissable))
        return doubted >= t.doubt
          ? { kind: "risk", rule: `${hit.name}:doubted`, language: lang }
          : crisis(hit.name, hit.meta.category, hit.meta.language ?? lang);

      // "Yes, I'm safe" answers the check-in; read with the message that prompted it, it would look like risk again.
      // A short "yes, I'm safe" or "ok" earlier in the window adds nothing either: beside the next message the
      // classifier reads its words ("safe", "a salvo") as risk (stop 33). A longer one ("yes im safe but...") stays.
      const recent = answer === "safe" ? [] : (context.recent ?? []).filter((r) => !shortSafeAnswer(r));
      let together = { crisis: 0, risk: 0 };
      let windowCue = cue;
      let windowCrisis: SafetyVerdict | undefined;
      // After the crisis reply, what the window alone reads as a crisis gets the check-in: the person is
      // asked again whether they are safe, and staff, already alerted, are not alerted twice.
      const afterCrisis: SafetyVerdict = { kind: "risk", rule: "after-crisis-window", language: lang };
      if (recent.length > 0) {
        const joined = [...recent, message].join(" . ");
        const windowHit = patterns.crisis.set.match(normalisedVariants(joined));
        if (windowHit?.meta.checkIn) windowCue ??= windowHit;
        else if (windowHit) windowCrisis = crisis(`window:${windowHit.name}`, windowHit.meta.category, windowHit.meta.language ?? lang);
        together = probabilities(classifier.tokens(joined), false);
      }
      if (windowCrisis && !context.afterCrisis) return windowCrisis;
      // "goodbye!" alone: the check-in, not the full reply (src/safety/farewells.yaml).
      if (alone.crisis >= t.crisis) return parts.farewells?.only(tokens) ? { kind: "risk", rule: "plain-farewell", language: lang } : crisis("classifier");
      if (windowCrisis) return afterCrisis;
      if (together.crisis >= t.crisis) return context.afterCrisis ? afterCrisis : crisis("classifier-window");
      // "Yes, I'm safe" to the check-in is taken at its word: only a crisis reading (above) or a
      // weaker cue in the words (below) asks again; the classifier's check-in tier alone does not.
      if (alone.crisis + alone.risk >= t.risk && answer !== "safe") return { kind: "risk", rule: "classifier", language: lang };
      // Right after a check-in the window holds the message that prompted it: read together they
      // can make a crisis (above), never a second check-in for what was just asked about.
      if (!context.askedIfSafe && together.crisis + together.risk >= t.risk) return { kind: "risk", rule: "classifier-window", language: lang };
      const raisedCue = context.askedIfSafe ? cue : windowCue;
      if (raisedCue) return { kind: "risk", rule: raisedCue.name, language: raisedCue.meta.language ?? lang };

      const medical = patterns.medical.set.match(readings);
      if (medical) return { kind: "medical", topic: medical.meta.topic, rule: medical.name };
      const manipulation = patterns.manipulation.set.match(readings);
      if (manipulation) return { kind: "manipulation", rule: manipulation.name };
      return { kind: "ok" };
    } catch {
      return { kind: "crisis", category: "suicide", rule: "screen-error", language: "en" };
    }
  }
}

/** Verdicts remembered per process (a few MB at most). */
const SCREEN_MEMO_SIZE = 5000;
/** Longer windows are screened every time rather than kept as keys. */
const SCREEN_MEMO_MAX_CHARS = 2000;

const categorySchema = z.strictObject({
  version: z.literal(1),
  categories: z.strictObject({
    "harm-to-others": z.array(z.string().regex(/^[a-z]+$/)),
    overdose: z.array(z.string().regex(/^[a-z]+$/)),
    "self-harm": z.array(z.string().regex(/^[a-z]+$/)),
  }),
});

const SELF = new Set(["myself", "self", "me", "mi", "matarme", "morir", "morirme"]);

const farewellSchema = z.strictObject({ version: z.literal(1), words: z.array(z.string().regex(/^[a-z]+$/)).min(1) });

/** Tells a message that is only a farewell ("goodbye!", "bye now") from its words (src/safety/farewells.yaml). */
export class PlainFarewells {
  private readonly words: ReadonlySet<string>;

  constructor(root: string = PROJECT_ROOT) {
    this.words = new Set(readYamlFile(join(root, "src/safety/farewells.yaml"), farewellSchema, root).words);
  }

  only(tokens: readonly string[]): boolean {
    return tokens.length > 0 && tokens.length <= 4 && tokens.every((t) => this.words.has(t));
  }
}

/** Files a detected crisis under a category from its words (src/safety/categories.yaml). */
export class CategoryCues {
  private readonly cues: readonly (readonly [CrisisCategory, ReadonlySet<string>])[];

  constructor(root: string = PROJECT_ROOT) {
    const data = readYamlFile(join(root, "src/safety/categories.yaml"), categorySchema, root).categories;
    this.cues = [
      ["overdose", new Set(data.overdose)],
      ["self-harm", new Set(data["self-harm"])],
      ["harm-to-others", new Set(data["harm-to-others"])],
    ];
  }

  of(tokens: readonly string[]): CrisisCategory {
    const aboutSelf = tokens.some((t) => SELF.has(t));
    for (const [category, words] of this.cues) {
      if (category === "harm-to-others" && aboutSelf) continue;
      if (tokens.some((t) => words.has(t))) return category;
    }
    return "suicide";
  }
}
