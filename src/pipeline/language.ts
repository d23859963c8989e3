import { join } from "node:path";
import { z } from "zod";
import { readYamlFile } from "../nlu/data-file.js";
import type { LanguageGuesser } from "../nlu/language.js";
import type { ConversationState } from "../state/conversation-state.js";
import type { Language } from "../templates.js";
import { PROJECT_ROOT } from "../util/project-root.js";
import { foldWords } from "../text/fold-words.js";

const word = z.string().regex(/^[a-z]+$/, { message: "must be one folded word: lower case, no accents" });
const schema = z.strictObject({
  version: z.literal(1),
  names: z.strictObject({ en: z.array(word).min(1), es: z.array(word).min(1) }),
  fillers: z.array(word).min(1),
});

/**
 * Reads a request to change language ("English", "Español", "in english please", the web's
 * language button) from `vocabulary/language-switch.yaml`. Null for anything else.
 */
export class LanguageSwitch {
  private readonly names: ReadonlyMap<string, Language>;
  private readonly fillers: ReadonlySet<string>;

  constructor(root: string = PROJECT_ROOT) {
    const data = readYamlFile(join(root, "vocabulary/language-switch.yaml"), schema, root);
    this.names = new Map<string, Language>([...data.names.en.map((w) => [w, "en"] as const), ...data.names.es.map((w) => [w, "es"] as const)]);
    this.fillers = new Set(data.fillers);
  }

  /** The language asked for, when the whole message is a request for one. */
  requested(text: string): Language | null {
    const words = foldWords(text);
    if (words.length === 0 || words.length > 8) return null;
    let asked: Language | null = null;
    for (const w of words) {
      const named = this.names.get(w);
      if (named) {
        if (asked && asked !== named) return null;
        asked = named;
      } else if (!this.fillers.has(w)) {
        return null;
      }
    }
    return asked;
  }
}

/** Turns in which any clue decides the language; later, only a clear run of one language's words. */
const EARLY_TURNS = 2;
/** Later in a conversation a guess must be this clear (a name like "Maria de la Cruz" has two Spanish words). */
const LATE_MARGIN = 3;

/**
 * The conversation's language after this message: kept when the person chose it; otherwise
 * guessed from the message's words (the first messages decide; later only a clear run of the
 * other language changes it, never in the middle of a dialog). Unchanged when the message has no
 * clue; a new conversation then takes the channel's hint (the widget's language).
 */
export function detectLanguage(
  state: Pick<ConversationState, "language" | "languageChosen" | "turns" | "dialog">,
  text: string,
  guesser: Pick<LanguageGuesser, "score">,
  hint?: Language,
): Language | undefined {
  if (state.languageChosen) return state.language;
  const words = foldWords(text);
  const { en, es } = guesser.score(words);
  if (en === 0 && es === 0) return state.language ?? hint;
  const guess: Language = es > en ? "es" : "en";
  if (state.language === undefined || state.turns <= EARLY_TURNS) return guess;
  if (guess === state.language || state.dialog) return state.language;
  return Math.abs(es - en) >= LATE_MARGIN && Math.min(es, en) === 0 ? guess : state.language;
}
