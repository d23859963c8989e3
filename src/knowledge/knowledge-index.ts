import MiniSearch from "minisearch";
import { TABLE_CONCEPTS, TABLE_WORDS, TextAnalyser, surfaceWords, type Analysis } from "./analyse.js";
import { isEnglishWord } from "../nlu/english.js";
import { SpellingCorrector } from "../nlu/spelling.js";
import { DOMAIN_ANCHORS } from "./synonyms.js";
import { TOPIC_CUES } from "./topic-cues.js";
import type { KnowledgeBase, Match } from "./types.js";

/** An FAQ entry or an intent: what a message can be matched to. */
export interface Label {
  readonly kind: Match["kind"];
  readonly id: string;
  readonly topic: string;
}

/** Analysed clauses of one message, each with how much it counts (story clauses count less than the question). */
export type Query = readonly { readonly analysis: Analysis; readonly weight: number }[];

/** One ranked candidate, with what its confidence was made of (for tuning and logs). */
export interface Scored {
  readonly label: Label;
  /** Confidence in [0, 1]. */
  readonly score: number;
  /** How strongly the message's words are typical of this label's phrasings. */
  readonly evidence: number;
  /** Best BM25 score against a single phrasing, relative to the best label's. */
  readonly nearest: number;
  /** Topic-cue part of the evidence. */
  readonly cue: number;
  /** Weight of words the knowledge base never uses (the same for every label). */
  readonly noise: number;
  /** Weight of known words this label never uses. */
  readonly offTopic: number;
}

/** The constants of the confidence formula (see `KnowledgeIndex.rank`). */
export interface ScoringParams {
  /** Weight of an English word the knowledge base never uses: evidence the message is about something else. */
  readonly unknownWord: number;
  /** Weight of a non-word the spelling step could not place (gibberish, a name). */
  readonly unknownOther: number;
  /** Unknown words count this much less when the message names a domain concept (ketamine, infusion...). */
  readonly anchoredNoise: number;
  /** A feature counts by the share of a label's phrasings that use it, raised to this power. */
  readonly sharePower: number;
  /** Weight of the nearest single phrasing (BM25) against the label-wide evidence. */
  readonly nearestWeight: number;
  /** Evidence at which confidence reaches one half when nothing speaks against the label. */
  readonly evidenceFloor: number;
  /** Weight of known words that the label never uses. */
  readonly offTopic: number;
  /** Nearest-phrasing factor when the message has exactly the tokens of one phrasing. */
  readonly exact: number;
  /** Weight of a topic cue, per unit of its words' IDF. */
  readonly cue: number;
  /** Least IDF a cue word counts with. */
  readonly cueFloor: number;
  /** How much the story around a question counts. */
  readonly storyWeight: number;
}

/** Tuned on eval/faq-dev.yaml only (the held-out set never was); `npm run eval` shows the effect of a change. */
export const DEFAULT_PARAMS: ScoringParams = {
  unknownWord: 3,
  unknownOther: 2.0,
  anchoredNoise: 0.5,
  sharePower: 0.3,
  nearestWeight: 0.7,
  evidenceFloor: 0.5,
  offTopic: 0.3,
  exact: 1.5,
  cue: 0.75,
  cueFloor: 1.5,
  storyWeight: 0.3,
};

type Doc = { id: number; label: number; text: string };

/** Index and scoring over every FAQ phrasing and intent example. Built once at start-up. */
export class KnowledgeIndex {
  readonly analyser: TextAnalyser;
  readonly labels: readonly Label[];
  private readonly search: MiniSearch<Doc>;
  /** For each feature: the share of each label's phrasings that contain it. */
  private readonly share = new Map<string, Map<number, number>>();
  private readonly idf = new Map<string, number>();
  /** Token sets of every phrasing ("help", "ketamine work"), for exact matches. */
  private readonly exact = new Map<string, Set<number>>();
  private readonly cues: { label: number; tokens: readonly string[] }[] = [];

  constructor(
    kb: KnowledgeBase,
    readonly params: ScoringParams = DEFAULT_PARAMS,
  ) {
    const phrasings: [Label, readonly string[]][] = [
      ...[...kb.faq.values()].map((e): [Label, readonly string[]] => [{ kind: "faq", id: e.id, topic: e.topic }, e.questions]),
      ...[...kb.intents.values()].map((i): [Label, readonly string[]] => [{ kind: "intent", id: i.id, topic: i.id }, i.examples]),
    ];
    this.labels = phrasings.map(([label]) => label);
    this.analyser = new TextAnalyser(new SpellingCorrector(vocabulary(phrasings.flatMap(([, texts]) => texts)), isEnglishWord), isEnglishWord);

    this.search = new MiniSearch<Doc>({
      fields: ["text"],
      storeFields: ["label"],
      tokenize: (text) => text.split(" "),
      processTerm: (term) => term,
      searchOptions: { combineWith: "OR", prefix: false, fuzzy: false },
    });
    const docs: Doc[] = [];
    phrasings.forEach(([, texts], li) => {
      for (const text of texts) {
        const { tokens, features } = this.analyser.analyse(text);
        if (features.length === 0) continue;
        docs.push({ id: docs.length, label: li, text: features.join(" ") });
        const key = tokenSetKey(tokens);
        this.exact.set(key, (this.exact.get(key) ?? new Set<number>()).add(li));
        for (const f of new Set(features)) {
          const perLabel = this.share.get(f) ?? new Map<number, number>();
          perLabel.set(li, (perLabel.get(li) ?? 0) + 1 / texts.length);
          this.share.set(f, perLabel);
        }
      }
    });
    this.search.addAll(docs);
    const n = this.labels.length;
    for (const [f, perLabel] of this.share) this.idf.set(f, Math.log(1 + (n - perLabel.size + 0.5) / (perLabel.size + 0.5)));

    for (const [id, phrases] of Object.entries(TOPIC_CUES)) {
      const li = this.labels.findIndex((l) => l.id === id);
      if (li < 0) continue; // validateKnowledgeBase reports cues for missing entries
      for (const phrase of phrases) this.cues.push({ label: li, tokens: [...new Set(this.analyser.analyse(phrase).tokens)] });
    }
  }

  /** The topic of an FAQ entry as an analysed clause, to resolve "they" in a follow-up. */
  topicOf(faqId: string): Analysis | undefined {
    const label = this.labels.find((l) => l.kind === "faq" && l.id === faqId);
    return label ? this.analyser.analyse(label.topic) : undefined;
  }

  /**
   * Candidates for a message, best first. Confidence = strength / (strength + noise + off-topic + floor):
   * strength is how typical the message's words and pairs are of the label (plus topic cues),
   * scaled by its nearest phrasing; noise is the words the knowledge base never uses.
   */
  rank(query: Query): Scored[] {
    const p = this.params;
    const tokenWeight = new Map<string, number>();
    const featureWeight = new Map<string, number>();
    const english = new Set<string>();
    for (const { analysis, weight } of query) {
      for (const [t, isEnglish] of analysis.english) if (isEnglish) english.add(t);
      for (const t of analysis.tokens) tokenWeight.set(t, Math.max(tokenWeight.get(t) ?? 0, weight));
      for (const f of analysis.features) featureWeight.set(f, Math.max(featureWeight.get(f) ?? 0, weight));
    }
    if (tokenWeight.size === 0) return [];

    const nearest = new Map<number, number>();
    const boostTerm = (term: string): number => featureWeight.get(term) ?? 1;
    for (const hit of this.search.search([...featureWeight.keys()].join(" "), { boostTerm })) {
      const li = hit["label"] as number;
      nearest.set(li, Math.max(nearest.get(li) ?? 0, hit.score));
    }
    const topNearest = Math.max(0, ...nearest.values());
    if (topNearest === 0) return [];

    const anchored = [...tokenWeight.keys()].some((t) => DOMAIN_ANCHORS.has(t));
    let noise = 0;
    const known: string[] = [];
    for (const [t, w] of tokenWeight) {
      if (this.idf.has(t)) known.push(t);
      else if (!TABLE_CONCEPTS.has(t)) noise += w * (english.has(t) ? p.unknownWord : p.unknownOther) * (anchored ? p.anchoredNoise : 1);
    }
    const cueEvidence = this.cueEvidence(query);
    const exactLabels = query.length === 1 ? this.exact.get(tokenSetKey(query[0]!.analysis.tokens)) : undefined;

    const scored: Scored[] = [];
    for (const [li, near] of nearest) {
      let evidence = 0;
      for (const [f, w] of featureWeight) {
        const s = this.share.get(f)?.get(li);
        if (s !== undefined) evidence += w * this.idf.get(f)! * s ** p.sharePower;
      }
      // Known words this label never uses speak against it, unless one of its topic cues names them.
      const cueHit = cueEvidence.get(li);
      let offTopic = 0;
      for (const t of known) if (!this.share.get(t)?.has(li) && !cueHit?.covers.has(t)) offTopic += tokenWeight.get(t)! * this.idf.get(t)!;
      const nearRel = exactLabels?.has(li) ? p.exact : near / topNearest;
      // A topic cue stands on its own; the rest of the evidence is scaled by how close the nearest phrasing is.
      const cue = cueHit?.value ?? 0;
      const strength = evidence * (1 - p.nearestWeight + p.nearestWeight * nearRel) + cue;
      evidence += cue;
      const score = strength / (strength + noise + p.offTopic * offTopic + p.evidenceFloor);
      scored.push({ label: this.labels[li]!, score, evidence, nearest: nearRel, cue, noise, offTopic });
    }
    return scored.sort((a, b) => b.score - a.score);
  }

  /** For each label, its strongest topic cue found whole in one clause, and the words its cues cover. */
  private cueEvidence(query: Query): Map<number, { value: number; covers: Set<string> }> {
    const best = new Map<number, { value: number; covers: Set<string> }>();
    for (const { analysis, weight } of query) {
      const present = new Set(analysis.tokens);
      for (const cue of this.cues) {
        if (cue.tokens.length === 0 || !cue.tokens.every((t) => present.has(t))) continue;
        // A curated cue counts even when its words are common ("does it work"), hence the floor.
        const value = weight * this.params.cue * cue.tokens.reduce((sum, t) => sum + Math.max(this.params.cueFloor, this.idf.get(t) ?? 0), 0);
        const entry = best.get(cue.label) ?? { value: 0, covers: new Set<string>() };
        entry.value = Math.max(entry.value, value);
        for (const t of cue.tokens) entry.covers.add(t);
        best.set(cue.label, entry);
      }
    }
    return best;
  }
}

/**
 * The words spelling correction may correct towards: words the phrasings use at least twice or
 * that are real English, plus every word the shorthand, phrase and synonym tables know.
 * A word used once and unknown to the dictionary is probably a deliberate typo in a phrasing.
 */
function vocabulary(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of surfaceWords(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = new Map<string, number>();
  for (const [w, n] of counts) if (n >= 2 || isEnglishWord(w)) words.set(w, n);
  for (const w of TABLE_WORDS) words.set(w, (words.get(w) ?? 0) + 1);
  return words;
}

function tokenSetKey(tokens: readonly string[]): string {
  return [...new Set(tokens)].sort().join(" ");
}
