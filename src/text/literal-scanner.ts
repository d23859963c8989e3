/**
 * Which of many groups of strings occur in a text, found in one pass (Aho-Corasick, with the
 * automaton's transitions in one dense table). A pattern set gives it, per rule, the strings
 * one of which the rule needs (src/text/required-literals.ts) and runs only the rules whose
 * strings were found.
 *
 * Strings are cut to their first {@link PREFIX} characters: a prefix of a needed string is
 * needed too, and short prefixes keep the table small (3.8 MB for the crisis file's rules and
 * 0.6 MB for its exclusions; long prefixes keep common openings such as "ketamine" from
 * standing for "ketamine shot").
 */
const PREFIX = 16;

export class LiteralScanner {
  /** Groups with no strings: they may match anything, so every scan includes them. */
  private readonly always: readonly number[];
  private readonly symbols = new Uint8Array(65536);
  private readonly width: number;
  private readonly delta: Int32Array;
  /** Groups whose string ends at a state. */
  private readonly hits: readonly (readonly number[] | undefined)[];
  /** The next state along the failure chain that has hits (0: none). */
  private readonly dictionary: Int32Array;

  private readonly groupCount: number;

  constructor(groups: readonly (readonly string[] | null)[]) {
    this.groupCount = groups.length;
    this.always = groups.flatMap((g, i) => (g === null ? [i] : []));
    const strings = new Map<string, number[]>();
    groups.forEach((g, i) => {
      for (const s of g ?? []) {
        const key = s.slice(0, PREFIX);
        const owners = strings.get(key) ?? strings.set(key, []).get(key)!;
        if (!owners.includes(i)) owners.push(i);
      }
    });
    let next = 1;
    for (const s of strings.keys())
      for (let i = 0; i < s.length; i++) {
        const code = s.charCodeAt(i);
        if (this.symbols[code] === 0) this.symbols[code] = next++;
      }
    this.width = next;

    // The trie: children per state, then failure links breadth first, filling the dense table.
    const children: Map<number, number>[] = [new Map()];
    const hits: (number[] | undefined)[] = [undefined];
    for (const [s, owners] of strings) {
      let state = 0;
      for (let i = 0; i < s.length; i++) {
        const sym = this.symbols[s.charCodeAt(i)]!;
        let child = children[state]!.get(sym);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          hits.push(undefined);
          children[state]!.set(sym, child);
        }
        state = child;
      }
      hits[state] = [...(hits[state] ?? []), ...owners];
    }
    const states = children.length;
    const w = this.width;
    const delta = new Int32Array(states * w);
    const fail = new Int32Array(states);
    const dictionary = new Int32Array(states);
    const queue: number[] = [];
    for (const [sym, child] of children[0]!) {
      delta[sym] = child;
      queue.push(child);
    }
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q]!;
      const f = fail[state]!;
      dictionary[state] = hits[f] ? f : dictionary[f]!;
      // Where the failure state goes, except where this state has a child.
      delta.copyWithin(state * w, f * w, f * w + w);
      for (const [sym, child] of children[state]!) {
        delta[state * w + sym] = child;
        fail[child] = delta[f * w + sym]!;
        queue.push(child);
      }
    }
    this.delta = delta;
    this.hits = hits;
    this.dictionary = dictionary;
  }

  /** 1 for each group that may match the text: one of its strings occurs in it, or it has none. */
  scan(text: string): Uint8Array {
    const found = new Uint8Array(this.groupCount);
    for (const i of this.always) found[i] = 1;
    const { delta, width, symbols, hits, dictionary } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = delta[state * width + symbols[text.charCodeAt(i)]!]!;
      for (let t = hits[state] ? state : dictionary[state]!; t !== 0; t = dictionary[t]!) for (const g of hits[t]!) found[g] = 1;
    }
    return found;
  }
}
