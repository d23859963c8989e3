import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { crisisRewrite } from "../../src/content.js";
import { loadKnowledgeBase } from "../../src/knowledge/load.js";
import { createMatcher } from "../../src/knowledge/matcher.js";
import { loadUnderstandingModel } from "../../src/knowledge/understanding-model.js";
import { isEnglishWord } from "../../src/nlu/english.js";
import { packBuffers, unpackBuffers } from "../../src/nlu/model-cache.js";
import { DEFAULT_TRAIN_OPTIONS } from "../../src/nlu/softmax-model.js";
import { trainingFingerprint } from "../../src/nlu/text-classifier.js";
import { readTrainingFolder, trainingFolderBytes } from "../../src/nlu/training-data.js";
import { loadFoldVocabulary } from "../../src/nlu/vocabulary.js";
import { loadCrisisModel } from "../../src/safety/crisis-model.js";
import { loadSafetyPatterns } from "../../src/safety/load-patterns.js";
import { PROJECT_ROOT } from "../../src/util/project-root.js";

/**
 * The model cache keeps what start-up would otherwise derive from the parsed training data (the
 * trained classifiers and the nearest-example index): a model trained now and the same model
 * read back from the cache must answer every message identically, to the last bit.
 */
const kb = loadKnowledgeBase();
const vocab = loadFoldVocabulary();
const dir = mkdtempSync(join(tmpdir(), "kcb-model-cache-"));
/**
 * A training root with every third training file of each folder (English and Spanish, every
 * label): the round trip is the same whatever the data, and training on a third of it keeps this
 * test from training both full models from scratch (about 25 s).
 */
const root = mkdtempSync(join(tmpdir(), "kcb-model-cache-data-"));
for (const folder of ["safety", "understanding"]) {
  mkdirSync(join(root, "training", folder), { recursive: true });
  readdirSync(join(PROJECT_ROOT, "training", folder))
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .filter((_, i) => i % 3 === 0)
    .forEach((name) => copyFileSync(join(PROJECT_ROOT, "training", folder, name), join(root, "training", folder, name)));
}
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

/** Every 25th training message (English and Spanish, crisis and ordinary), and a few written here. */
const sample = [
  ...[...readTrainingFolder("safety"), ...readTrainingFolder("understanding")].filter((_, i) => i % 25 === 0).map((e) => e.text),
  "how much does it cost",
  "hw long do the efects last?? and is it adictive",
  "my sister said it helped her. what are the side effects and how long do they last",
  "i want to die tonight",
  "this wait is killing me lol",
  "cuánto cuesta una sesión",
  "asdf qwerty",
  "",
];

describe("model cache: a cached model answers exactly as the one trained now", () => {
  it("the matcher (classifier and nearest-example index)", { timeout: 180_000 }, () => {
    const cold = loadUnderstandingModel(kb, vocab, isEnglishWord, { dir, root });
    const cached = loadUnderstandingModel(kb, vocab, isEnglishWord, { dir, root });
    expect([cold.trained, cached.trained]).toEqual([true, false]);
    const coldMatcher = createMatcher(kb, cold.classifier, cold.nearest);
    const cachedMatcher = createMatcher(kb, cached.classifier, cached.nearest);
    for (const text of sample) {
      expect(cachedMatcher.match(text), text).toEqual(coldMatcher.match(text));
      expect(cachedMatcher.match(text, { lastFaqId: "side-effects" }), text).toEqual(coldMatcher.match(text, { lastFaqId: "side-effects" }));
      const bag = cold.classifier.features(text);
      expect(cached.nearest.vote(bag), text).toEqual(cold.nearest.vote(bag));
      expect(cached.nearest.weigh(bag), text).toEqual(cold.nearest.weigh(bag));
    }
  });

  it("the crisis classifier", { timeout: 180_000 }, () => {
    const options = { dir, root, ...crisisRewrite(loadSafetyPatterns()) };
    const cold = loadCrisisModel(vocab, isEnglishWord, options);
    const cached = loadCrisisModel(vocab, isEnglishWord, options);
    expect([cold.trained, cached.trained]).toEqual([true, false]);
    for (const text of sample) {
      expect(cached.classifier.predict(text), text).toEqual(cold.classifier.predict(text));
      const bag = cold.classifier.features(text);
      expect(cached.nearest.vote(bag), text).toEqual(cold.nearest.vote(bag));
    }
  });

  it("keeps one file per model and fingerprint", () => {
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^crisis-[0-9a-f]{16}\.bin$/), expect.stringMatching(/^understanding-[0-9a-f]{16}\.bin$/)]);
  });
});

describe("model cache fingerprint: training files as bytes", () => {
  const files = trainingFolderBytes("safety");
  const base = { codeVersion: "test-1", options: DEFAULT_TRAIN_OPTIONS, vocab, files };
  const fingerprint = trainingFingerprint(base);

  it("lists the files readTrainingFolder reads, in its order", () => {
    const read = [...new Set(readTrainingFolder("safety").map((e) => e.file))];
    expect(files.map((f) => f.name)).toEqual(read);
  });

  it("changes with any byte of any file, a file's name, the code version, the options or the extra inputs", () => {
    const edited = files.map((f, i) => (i === 3 ? { ...f, bytes: Buffer.concat([f.bytes, Buffer.from("\n")]) } : f));
    const renamed = files.map((f, i) => (i === 3 ? { ...f, name: `${f.name}.old` } : f));
    const variants = [
      trainingFingerprint({ ...base, files: edited }),
      trainingFingerprint({ ...base, files: renamed }),
      trainingFingerprint({ ...base, files: files.slice(1) }),
      trainingFingerprint({ ...base, codeVersion: "test-2" }),
      trainingFingerprint({ ...base, options: { ...DEFAULT_TRAIN_OPTIONS, epochs: 13 } }),
      trainingFingerprint({ ...base, extra: ["ordinary-weight:2"] }),
      trainingFingerprint({ ...base, examples: [{ text: "hi", label: "intent:greeting" }] }),
    ];
    expect(new Set([fingerprint, ...variants]).size).toBe(variants.length + 1);
    expect(trainingFingerprint({ ...base, files: trainingFolderBytes("safety") })).toBe(fingerprint);
  });
});

describe("packed cache files", () => {
  it("give back the buffers they were made of, and refuse another shape", () => {
    const parts = [Buffer.from("model\n"), Buffer.alloc(0), Buffer.from([1, 2, 3])];
    expect(unpackBuffers(packBuffers(parts), 3)).toEqual(parts);
    expect(() => unpackBuffers(packBuffers(parts), 2)).toThrow(/3 parts, not 2/);
    expect(() => unpackBuffers(packBuffers(parts).subarray(0, 20), 3)).toThrow(/truncated/);
  });
});

describe("the model cache folder", () => {
  it("keeps one model per name: a model trained from other data replaces the older file, other names stay", async () => {
    const { loadOrTrain } = await import("../../src/nlu/model-cache.js");
    const folder = mkdtempSync(join(tmpdir(), "kcb-model-prune-"));
    const codec = (value: string) => ({ train: () => value, toBuffer: (m: string) => Buffer.from(m), fromBuffer: (b: Buffer) => b.toString() });
    try {
      expect(loadOrTrain("crisis", "aaaa", codec("one"), folder).trained).toBe(true);
      expect(loadOrTrain("understanding", "cccc", codec("three"), folder).trained).toBe(true);
      expect(loadOrTrain("crisis", "bbbb", codec("two"), folder).trained).toBe(true);
      expect(readdirSync(folder).sort()).toEqual(["crisis-bbbb.bin", "understanding-cccc.bin"]);
      expect(loadOrTrain("crisis", "bbbb", codec("ignored"), folder)).toEqual({ model: "two", trained: false });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
