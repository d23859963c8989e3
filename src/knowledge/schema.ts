import { z } from "zod";

/**
 * zod schemas for `faq/<id>.yaml` and `intents/<id>.yaml`. Shape only: rules that look across
 * entries or at SMS encoding live in `validate.ts`.
 */

const kebabId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "must be kebab-case, e.g. side-effects" });
const phrasing = z.string().trim().min(1, { message: "must not be empty" }).max(300);

/** The least phrasings an entry or intent needs so the matcher sees how people really ask. */
export const MIN_PHRASINGS = 12;

/** Intent ids the pipeline handles; `intents/` must hold exactly these. */
export const INTENT_IDS = ["greeting", "book", "reschedule", "cancel", "human", "thanks", "goodbye", "yes", "no", "help", "my-booking", "waiting"] as const;

const source = z
  .object({
    seed: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/, { message: "must be a file name in shared/seeds, e.g. 001_ea708c36cf1e1edb.txt" }).optional(),
    section: z.string().min(3).optional(),
    ref: z.string().min(8).optional(),
  })
  .strict()
  .refine((s) => s.seed !== undefined || s.ref !== undefined, { message: "needs a seed file or a public ref" })
  .refine((s) => s.seed === undefined || s.section !== undefined, { message: "a seed source needs the section it comes from" });

/** One FAQ file. */
export const faqEntrySchema = z
  .object({
    id: kebabId,
    topic: z.string().trim().min(3).max(80),
    /** What "they" or "those" means in a follow-up to this answer ("how long do they last?" after side effects). */
    subject: z.string().trim().min(2).max(40).optional(),
    questions: z.array(phrasing).min(MIN_PHRASINGS, { message: `needs at least ${MIN_PHRASINGS} phrasings` }),
    answers: z
      .object({
        sms: z.string().trim().min(20),
        web: z.string().trim().min(20).max(750, { message: "web answers stay under about 700 characters" }),
      })
      .strict(),
    /** The entry in Spanish: its topic, how people ask it in Spanish, and the reviewed answers. */
    es: z
      .object({
        topic: z.string().trim().min(3).max(80),
        subject: z.string().trim().min(2).max(40).optional(),
        questions: z.array(phrasing).min(MIN_PHRASINGS, { message: `needs at least ${MIN_PHRASINGS} Spanish phrasings` }),
        answers: z
          .object({
            sms: z.string().trim().min(20),
            web: z.string().trim().min(20).max(800, { message: "web answers stay under about 700 characters" }),
          })
          .strict(),
      })
      .strict()
      .optional(),
    sources: z.array(source).min(1, { message: "every entry needs at least one source" }),
    /** The answer offers a person (cost, insurance): the reply carries "Book a free consult" and "Talk to a person". */
    offersPerson: z.boolean().optional(),
    /**
     * A question about this topic that the safety screen reads as a possible risk ("does ketamine
     * help people who think about suicide?") gets this answer after the check-in, not instead of it.
     */
    answersBesideCheckIn: z.boolean().optional(),
    // YAML 1.2 keeps 2026-11-21 a string; a Date would come from a YAML 1.1 parser.
    reviewed: z.union([z.iso.date(), z.date().transform((d) => d.toISOString().slice(0, 10))]),
  })
  .strict();

/** One intent file. */
export const intentSchema = z
  .object({
    id: z.enum(INTENT_IDS, { message: `must be one of ${INTENT_IDS.join(", ")}` }),
    description: z.string().trim().min(5),
    /** A short label for a button or a numbered line when the bot asks "did you mean". */
    title: z.string().trim().min(2).max(40).optional(),
    examples: z.array(phrasing).min(MIN_PHRASINGS, { message: `needs at least ${MIN_PHRASINGS} phrasings` }),
  })
  .strict();

export type FaqFile = z.infer<typeof faqEntrySchema>;
export type IntentFile = z.infer<typeof intentSchema>;
