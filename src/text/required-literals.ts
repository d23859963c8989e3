import { RegExpParser, type AST } from "@eslint-community/regexpp";

/**
 * What a regular expression needs to find in a text before it can match there: a short list of
 * strings, one of which every text it matches contains. A pattern set looks for all of them in
 * one pass (literal-scanner.ts) before it runs any rule's large regex, so on most messages most
 * rules never run.
 *
 * The analysis is conservative: it only ever answers "one of these must be present" when that is
 * certain, and answers `null` (no prefilter: always run the regex) when in doubt. It walks the
 * regex's syntax tree (parsed by regexpp, the parser ESLint uses) in the manner of RE2's
 * prefilter: a piece matching one of a few exact strings ("kill", "kill ing", "s" or "z") is
 * kept exact and combined with its neighbours; anything looser (`\w+`, `.*`, a long list)
 * ends the exact run, and the most selective run found is what the whole needs.
 *
 * Zero-width assertions consume nothing, so they never add a requirement, except a positive
 * lookaround: what it looks for is in the text too.
 */
export function requiredLiterals(source: string): readonly string[] | null {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source);
  } catch {
    return null;
  }
  const needs = usable(need(alternation(pattern.alternatives)));
  return needs ? [...minimal(needs)] : null;
}

/** Exact sets and their products are kept up to this many strings; beyond it a run ends. */
const MAX_EXACT = 128;
/** Strings shorter than this are in nearly every message: a requirement made of them is no filter. */
const MIN_USEFUL_LENGTH = 3;

interface Info {
  /** The piece matches exactly one of these strings ("" included when it can match nothing). */
  readonly exact: ReadonlySet<string> | null;
  /** Every match contains at least one of these (null: nothing is known). */
  readonly needs: ReadonlySet<string> | null;
}

const NOTHING_KNOWN: Info = { exact: null, needs: null };
const EMPTY: Info = { exact: new Set([""]), needs: null };

function need(info: Info): ReadonlySet<string> | null {
  if (info.needs) return info.needs;
  if (info.exact && !info.exact.has("")) return info.exact;
  return null;
}

/** A requirement worth checking: not empty, and no empty or very short string in it ({@link cost} is finite). */
function usable(set: ReadonlySet<string> | null): ReadonlySet<string> | null {
  return set && cost(set) < Number.POSITIVE_INFINITY ? set : null;
}

/**
 * Lower is better: the shortest string decides how often one is present, the count how large
 * the scanner grows. Infinite for a set that is no filter at all: empty, or with a string
 * shorter than {@link MIN_USEFUL_LENGTH}.
 */
function cost(set: ReadonlySet<string>): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const s of set) if (s.length < shortest) shortest = s.length;
  if (set.size === 0 || shortest < MIN_USEFUL_LENGTH) return Number.POSITIVE_INFINITY;
  return -Math.min(shortest, 8) * 1000 + set.size;
}

/** Drops strings that contain another string of the set: finding the shorter one is enough. */
function minimal(set: ReadonlySet<string>): ReadonlySet<string> {
  const sorted = [...set].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const s of sorted) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return new Set(kept);
}

function alternation(alternatives: readonly AST.Alternative[]): Info {
  const infos = alternatives.map(sequence);
  if (infos.length === 1) return infos[0]!;
  let exact: Set<string> | null = new Set();
  for (const info of infos) {
    if (!info.exact || !exact) {
      exact = null;
      break;
    }
    for (const s of info.exact) exact.add(s);
    if (exact.size > MAX_EXACT) exact = null;
  }
  let needs: Set<string> | null = new Set();
  for (const info of infos) {
    const n = usable(need(info));
    if (!n) {
      needs = null;
      break;
    }
    for (const s of n) needs.add(s);
  }
  return { exact, needs };
}

function sequence(alternative: AST.Alternative): Info {
  let run: Set<string> | null = new Set([""]);
  let unbroken = true;
  const candidates: ReadonlySet<string>[] = [];
  const endRun = () => {
    if (run && run.size > 0 && !run.has("")) candidates.push(run);
    unbroken = false;
  };
  for (const element of alternative.elements) {
    const info = element.type === "Assertion" ? assertion(element, candidates) : piece(element);
    // "u+": a match begins and ends with one repetition, so the run goes on through one and starts again at the last.
    const repeated = element.type === "Quantifier" && element.min >= 1 && element.max > 1 ? piece(element.element as Piece) : undefined;
    if (repeated?.exact && run && run.size * repeated.exact.size <= MAX_EXACT) {
      run = product(run, repeated.exact);
      endRun();
      run = new Set(repeated.exact);
      continue;
    }
    if (info.exact && run && run.size * info.exact.size <= MAX_EXACT) {
      run = product(run, info.exact);
      if (info.needs) candidates.push(info.needs);
      continue;
    }
    endRun();
    const n = usable(need(info));
    if (n) candidates.push(n);
    run = info.exact && info.exact.size <= MAX_EXACT ? new Set(info.exact) : new Set([""]);
  }
  const exact = unbroken ? run : null;
  endRun();
  let best: ReadonlySet<string> | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const k = cost(c);
    if (k < bestCost) [best, bestCost] = [c, k];
  }
  return { exact, needs: best };
}

function product(left: ReadonlySet<string>, right: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const a of left) for (const b of right) out.add(a + b);
  return out;
}

/** Consumes nothing; a positive lookaround's own requirement is one more candidate for the sequence. */
function assertion(node: AST.Assertion, candidates: ReadonlySet<string>[]): Info {
  if ((node.kind === "lookahead" || node.kind === "lookbehind") && !node.negate) {
    const n = usable(need(alternation(node.alternatives)));
    if (n) candidates.push(n);
  }
  return EMPTY;
}

type Piece = Exclude<AST.Element, AST.Assertion>;

function piece(node: Piece): Info {
  switch (node.type) {
    case "Character":
      return { exact: new Set([String.fromCodePoint(node.value)]), needs: null };
    case "Group":
    case "CapturingGroup":
      return alternation(node.alternatives);
    case "Quantifier":
      return quantifier(node);
    case "CharacterClass":
      return characterClass(node);
    default:
      // \w, \d, \s, ".", properties, back-references: anything could be there.
      return NOTHING_KNOWN;
  }
}

function quantifier(node: AST.Quantifier): Info {
  if (node.element.type === "Assertion") return EMPTY;
  const inner = piece(node.element);
  if (node.min === 0) {
    // Optional: exact strings plus nothing; more repetitions than one are not followed.
    if (node.max === 1 && inner.exact && inner.exact.size < MAX_EXACT) return { exact: new Set([...inner.exact, ""]), needs: null };
    return NOTHING_KNOWN;
  }
  if (node.min === 1 && node.max === 1) return inner;
  // At least one repetition: whatever one repetition needs, the whole needs.
  return { exact: null, needs: usable(need(inner)) };
}

function characterClass(node: AST.CharacterClass): Info {
  if (node.negate) return NOTHING_KNOWN;
  const out = new Set<string>();
  for (const e of node.elements) {
    if (e.type === "Character") out.add(String.fromCodePoint(e.value));
    else if (e.type === "CharacterClassRange" && e.max.value - e.min.value < MAX_EXACT) {
      for (let c = e.min.value; c <= e.max.value; c++) out.add(String.fromCodePoint(c));
    } else return NOTHING_KNOWN;
    if (out.size > MAX_EXACT) return NOTHING_KNOWN;
  }
  return { exact: out, needs: null };
}
