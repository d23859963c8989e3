import { describe, expect, it } from "vitest";
import { FeatureTable } from "../../src/nlu/feature-table.js";

describe("FeatureTable: feature names to columns without keeping the names", () => {
  const names = Array.from({ length: 50_000 }, (_, i) => `c:${i.toString(36)}`).concat(["w:pill", "b:want to", "w:ñandú", "w:💊", ""]);
  const table = FeatureTable.build(names);

  it("numbers the names 0, 1, 2... in their order and finds each", () => {
    expect(table.size).toBe(names.length);
    names.forEach((name, i) => expect(table.get(name)).toBe(i));
    expect(table.has("w:pill")).toBe(true);
  });

  it("knows no other name", () => {
    let found = 0;
    for (let i = 0; i < 50_000; i++) if (table.has(`w:${i.toString(36)}`) || table.has(`c:${i.toString(36)}-`)) found++;
    expect(found).toBe(0);
    expect(table.get("w:pills")).toBeUndefined();
  });

  it("gives a repeated name its first column", () => {
    const t = FeatureTable.build(["a", "b", "a", "c"]);
    expect([t.size, t.get("a"), t.get("b"), t.get("c")]).toEqual([3, 0, 1, 2]);
  });

  it("reads back what it wrote, at any offset, and refuses a truncated or corrupt table", () => {
    const bytes = Buffer.concat([Buffer.from("xyz"), table.toBuffer(), Buffer.from("tail")]);
    const { table: read, end } = FeatureTable.read(bytes, 3);
    expect(bytes.subarray(end).toString()).toBe("tail");
    names.forEach((name, i) => expect(read.get(name)).toBe(i));
    expect(() => FeatureTable.read(bytes.subarray(0, end - 1), 3)).toThrow(/truncated/);
    const corrupt = Buffer.from(table.toBuffer());
    corrupt.writeUInt32LE(12345, 4);
    expect(() => FeatureTable.read(corrupt, 0)).toThrow(/corrupt/);
  });

  it("works empty", () => {
    const empty = FeatureTable.build([]);
    expect([empty.size, empty.get("w:anything")]).toEqual([0, undefined]);
    expect(FeatureTable.read(empty.toBuffer(), 0).table.size).toBe(0);
  });
});
