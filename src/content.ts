import { resolve } from "node:path";
import type { Config } from "./config.js";
import type { ClinicProfile } from "./clinic/profile.js";
import type { KnowledgeBase, Matcher } from "./knowledge/types.js";
import type { SafetyScreen } from "./safety/types.js";
import type { Templates, Wording } from "./templates.js";
import { loadClinicProfile } from "./clinic/profile.js";
import { loadKnowledgeBase } from "./knowledge/load.js";
import { loadOfflineMatcher } from "./knowledge/understanding-model.js";
import { loadSafetyPatterns, type SafetyPatterns } from "./safety/load-patterns.js";
import { CategoryCues, PlainFarewells, createSafetyScreen, type SafetyScreenParts } from "./safety/screen.js";
import { loadNormaliseData } from "./safety/normalise.js";
import { loadCrisisModel } from "./safety/crisis-model.js";
import { loadCheckInAnswers } from "./safety/check-in.js";
import { loadFoldVocabulary } from "./nlu/vocabulary.js";
import type { FoldVocabulary } from "./nlu/fold.js";
import { LanguageGuesser } from "./nlu/language.js";
import { isEnglishWord } from "./nlu/english.js";
import { loadWording } from "./templates.js";
import { PROJECT_ROOT } from "./util/project-root.js";
import { LanguageSwitch } from "./pipeline/language.js";

/** The parts of the bot that are not derived from configuration: knowledge, safety and wording. */
export interface Content {
  readonly clinic: ClinicProfile;
  readonly kb: KnowledgeBase;
  readonly matcher: Matcher;
  readonly safety: SafetyScreen;
  /** Every fixed sentence per language (wording/<language>.yaml), clinic facts filled in. */
  readonly wording: Wording;
  /** The English sentences (channels' own texts, the widget, the evaluation's judge). */
  readonly phrases: Templates;
  /** Tells a conversation's language and reads requests to change it. */
  readonly languages: { readonly guesser: LanguageGuesser; readonly switch: LanguageSwitch };
}

/**
 * Loads everything the bot says and knows: the clinic profile, `faq/` and `intents/`, the
 * safety patterns, the trained classifiers (from the model cache, or trained now when their
 * data changed) and the fixed sentences. Throws with the file and field at fault.
 */
export function loadContent(config: Pick<Config, "CLINIC_PROFILE">): Content {
  const clinic = loadClinicProfile(resolve(PROJECT_ROOT, config.CLINIC_PROFILE));
  const kb = loadKnowledgeBase(PROJECT_ROOT);
  // The vocabulary files are read once, for both classifiers.
  const vocab = loadFoldVocabulary();
  const safety = createSafetyScreen(loadSafetyScreenParts(vocab));
  const wording = loadWording({ clinicName: clinic.name, clinicPhone: clinic.phone, consultMinutes: clinic.consult.slotMinutes });
  const languages = { guesser: new LanguageGuesser(), switch: new LanguageSwitch() };
  return { clinic, kb, matcher: loadOfflineMatcher(kb, undefined, vocab), safety, wording, phrases: wording.en, languages };
}

/**
 * What a server does once it listens, a step at a time between requests (src/main.ts): the screen's
 * and the matcher's preparation (V8's regex compilation, the spelling indexes). Skipping it changes no answer.
 */
export function preparationSteps(content: Pick<Content, "safety" | "matcher">): (() => void)[] {
  return [...(content.safety.preparation?.() ?? []), ...(content.matcher.preparation?.() ?? [])];
}

/** What the safety screen is built from: pattern files, the crisis classifier and its nearest examples, and the small data files beside them. */
export function loadSafetyScreenParts(vocab: FoldVocabulary = loadFoldVocabulary()): SafetyScreenParts {
  // Read first: a bad respellings file stops start-up here, never a screen later.
  loadNormaliseData();
  const patterns = loadSafetyPatterns();
  const { classifier, nearest } = loadCrisisModel(vocab, isEnglishWord, crisisRewrite(patterns));
  return {
    patterns,
    classifier,
    nearest,
    language: new LanguageGuesser(),
    checkInAnswer: loadCheckInAnswers(),
    categories: new CategoryCues(),
    farewells: new PlainFarewells(),
  };
}

/**
 * The crisis file's exclusions (idioms: "to die for", "this wait is killing me") are replaced
 * before the classifier reads a message, as before the patterns do; it trains the same way.
 */
export function crisisRewrite(patterns: SafetyPatterns): { rewrite: (folded: string) => string; rewriteVersion: string } {
  const idioms = patterns.crisis.set;
  return {
    // A blanked idiom leaves the word "idiom", which the classifier learns is harmless.
    rewrite: (folded) => idioms.stripExclusions(folded).replace(/\|/g, " idiom "),
    rewriteVersion: idioms.fingerprint,
  };
}
