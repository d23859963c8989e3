import { describe, expect, it } from "vitest";
import { memoByText } from "../../src/util/memo.js";

describe("memoByText", () => {
  it("computes a text once and returns the same result after", () => {
    const calls: string[] = [];
    const upper = memoByText((t) => {
      calls.push(t);
      return { text: t.toUpperCase() };
    }, 2);
    const first = upper("cost");
    expect(upper("cost")).toBe(first);
    expect(calls).toEqual(["cost"]);
  });

  it("forgets the least recently used text beyond its capacity", () => {
    const calls: string[] = [];
    const f = memoByText((t) => (calls.push(t), t.length), 2);
    f("a");
    f("bb");
    f("a"); // a is now the most recent
    f("ccc"); // evicts bb
    f("a");
    f("bb");
    expect(calls).toEqual(["a", "bb", "ccc", "bb"]);
  });
});
