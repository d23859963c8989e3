import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/**
 * A labelled message for `npm run eval`: the text, what it should match (an FAQ id, an intent
 * id, `none` for out of scope, or two ids in order for a two-question message), and optionally
 * the FAQ answered just before (a follow-up).
 */
export const devItemSchema = z
  .object({
    text: z.string().min(1),
    expect: z.union([z.string().min(1), z.array(z.string().min(1)).min(2).max(2)]),
    context: z.string().min(1).optional(),
  })
  .strict();

export type DevItem = z.infer<typeof devItemSchema>;

/** Reads and validates a dev-set file; throws naming the file and the item that is wrong. */
export function loadDevSet(path: string): DevItem[] {
  const parsed = z.array(devItemSchema).safeParse(parseYaml(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path} [${issue?.path.join(".")}]: ${issue?.message}`);
  }
  return parsed.data;
}

/** The ids an item expects, in order (`none` for out of scope). */
export function expectedIds(item: DevItem): string[] {
  return Array.isArray(item.expect) ? item.expect : [item.expect];
}
