import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { forgetParsedYaml, parseYaml, recordParsedYaml, useParsedYaml, writeParsedYaml } from "../../src/util/parsed-yaml.js";

const dir = mkdtempSync(join(tmpdir(), "parsed-yaml-"));
const file = join(dir, "parsed-yaml.txt");
const TEXT = "id: session-length\nanswers:\n  web: One session takes about an hour.\n  sms: About an hour.\nlimits: [1, 2.5, null, true]\n";

afterEach(() => forgetParsedYaml());

describe("the build's cache of parsed data files", () => {
  it("returns what the YAML parser returns, for a file recorded at build time", () => {
    const parsed = parseYaml(TEXT);
    recordParsedYaml();
    parseYaml(TEXT);
    expect(writeParsedYaml(file)).toBe(1);
    forgetParsedYaml();

    expect(useParsedYaml(file)).toBe(1);
    expect(parseYaml(TEXT)).toEqual(parsed);
  });

  it("serves a hit from the file, not from parsing, and a fresh copy each time", () => {
    recordParsedYaml();
    parseYaml(TEXT);
    writeParsedYaml(file);
    // The kept value is changed in the file: a hit must come from there.
    writeFileSync(file, readFileSync(file, "utf8").replace("About an hour.", "From the cache."));
    useParsedYaml(file);
    const first = parseYaml(TEXT) as { answers: { sms: string } };
    expect(first.answers.sms).toBe("From the cache.");
    first.answers.sms = "changed by a caller";
    expect((parseYaml(TEXT) as { answers: { sms: string } }).answers.sms).toBe("From the cache.");
  });

  it("parses a file whose text changed since the build", () => {
    recordParsedYaml();
    parseYaml(TEXT);
    writeParsedYaml(file);
    useParsedYaml(file);
    expect(parseYaml(TEXT.replace("About an hour.", "Edited after the build."))).toMatchObject({ answers: { sms: "Edited after the build." } });
  });

  it("never keeps a value JSON cannot carry exactly", () => {
    recordParsedYaml();
    parseYaml("limit: .inf\n");
    parseYaml("zero: -0\n");
    expect(writeParsedYaml(file)).toBe(0);
    useParsedYaml(file);
    expect(parseYaml("limit: .inf\n")).toEqual({ limit: Number.POSITIVE_INFINITY });
  });

  it("ignores a missing file or one in another format", () => {
    expect(useParsedYaml(join(dir, "absent.txt"))).toBe(0);
    writeFileSync(join(dir, "other.txt"), "something else\nkey\t{}\n");
    expect(useParsedYaml(join(dir, "other.txt"))).toBe(0);
    expect(parseYaml("a: 1\n")).toEqual({ a: 1 });
  });
});
