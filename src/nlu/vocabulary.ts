import { join } from "node:path";
import { z } from "zod";
import { PROJECT_ROOT } from "../util/project-root.js";
import type { FoldVocabulary } from "./fold.js";
import { readYamlFile } from "./data-file.js";

const emojiSchema = z.strictObject({
  version: z.literal(1),
  emoji: z.record(z.string().min(1), z.string().regex(/^[a-z]+(?: [a-z]+)*$/, "must be lowercase words")),
});
const stopwordSchema = z.strictObject({ version: z.literal(1), stopwords: z.array(z.string().regex(/^[a-z]+$/, "must be a lowercase word")).min(1) });
/** Lowercase words separated by single spaces ("want to"). */
export const lowercaseWords = z.string().regex(/^[a-z0-9]+(?: [a-z0-9]+)*$/, "must be lowercase words");
/** A whole token and the words it reads as: the classifiers' shorthand, and the safety screen's respellings. */
export const tokenMap = z.record(z.string().regex(/^[a-z0-9]+$/, "must be a lowercase token"), lowercaseWords);
const shorthandSchema = z.strictObject({ version: z.literal(1), shorthand: tokenMap });

/** Loads `vocabulary/emoji.yaml`, `shorthand.yaml` and `stopwords.yaml`; throws naming the file and field at fault. */
export function loadFoldVocabulary(root: string = PROJECT_ROOT): FoldVocabulary {
  const emoji = readYamlFile(join(root, "vocabulary/emoji.yaml"), emojiSchema, root).emoji;
  const shorthand = readYamlFile(join(root, "vocabulary/shorthand.yaml"), shorthandSchema, root).shorthand;
  // Keys are looked up without variation selectors (fold.ts strips them from the text too).
  const strip = (s: string) => s.replace(/[\uFE0E\uFE0F\u200D]/g, "");
  const stopwords = readYamlFile(join(root, "vocabulary/stopwords.yaml"), stopwordSchema, root).stopwords;
  return {
    emoji: new Map(Object.entries(emoji).map(([k, v]) => [strip(k), v])),
    shorthand: new Map(Object.entries(shorthand)),
    stopwords: new Set(stopwords),
  };
}
