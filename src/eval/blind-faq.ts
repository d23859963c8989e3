import { seenKey } from "./seen-texts.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Reply } from "../domain/message.js";
import type { TurnHandler } from "../pipeline/turn.js";
import type { KnowledgeBase } from "../knowledge/types.js";
import type { ClinicProfile } from "../clinic/profile.js";
import type { Phrases } from "../domain/phrases.js";
import { fillClinic } from "../pipeline/say.js";
import { readYamlFile } from "../nlu/data-file.js";
import { PROJECT_ROOT } from "../util/project-root.js";
import type { EvalSection } from "./types.js";
import { formatRate, wilson } from "./wilson.js";
import { freshTestPhone } from "./test-phones.js";

const lineSchema = z.object({ id: z.string(), topic: z.string(), channel: z.enum(["sms", "web"]), text: z.string().min(1), part: z.string().optional() });
export type BlindFaqLine = z.output<typeof lineSchema>;

/** Reads a blind FAQ set; in a Spanish set, the `faq` and `booking` parts. */
export function readBlindFaqSet(path: string): BlindFaqLine[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((o) => o.part === undefined || o.part === "faq" || o.part === "booking")
    .map((o, i) => {
      const parsed = lineSchema.safeParse(o);
      if (!parsed.success) throw new Error(`${path} line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

const judgeSchema = z.strictObject({ version: z.literal(1), topics: z.record(z.string(), z.string()) });

/** Topic label (the writers') to entry id (ours), from `eval/blind/judge.yaml`. */
export function readTopicMap(root: string = PROJECT_ROOT): Record<string, string> {
  return readYamlFile(join(root, "eval/blind/judge.yaml"), judgeSchema, root).topics;
}

export interface FaqJudgeContext {
  readonly kb: KnowledgeBase;
  readonly clinic: ClinicProfile;
  readonly phrases: Phrases;
  /** The other languages' sentences: a Spanish set is judged by the Spanish sentences too. */
  readonly otherPhrases?: readonly Phrases[];
  readonly topics: Readonly<Record<string, string>>;
  /** What the models learned from, word for word (seen-texts.ts): figures are also given without it. */
  readonly seen?: ReadonlySet<string>;
}

/** What the booking dialog says when it manages an existing call (move, cancel) rather than booking one. */
const MANAGE = /help (?:cancel|move) your call|couldn't find an upcoming consult call|want to cancel|Here are other times|ayudarte a (?:cancelar|mover) tu llamada|No encontr[eé] una pr[oó]xima consulta|Estas son otras horas/i;
const NONE_FOUND = /couldn't find an upcoming consult call|No encontr[eé] una pr[oó]xima consulta/i;

const textOf = (r: Reply, channel: "sms" | "web") => (channel === "sms" ? (r.smsText ?? r.text) : r.text);

/**
 * Whether the replies answer the topic, judged by what they say: a curated answer is recognised
 * word for word; intents by the sentences only that intent produces.
 */
export function answersTopic(topic: string, replies: readonly Reply[], channel: "sms" | "web", ctx: FaqJudgeContext): boolean {
  const texts = replies.map((r) => textOf(r, channel));
  const all = texts.join("\n");
  const curated = (id: string) => {
    const entry = ctx.kb.faq.get(id);
    if (!entry) return false;
    // The English answer, or the entry's Spanish one in a Spanish conversation.
    // Each language's answer with the clinic's facts as the bot fills them in that language.
    const wanted = [
      fillClinic(channel === "sms" ? entry.answers.sms : entry.answers.web, ctx.clinic, "en"),
      ...(entry.es ? [fillClinic(channel === "sms" ? entry.es.answers.sms : entry.es.answers.web, ctx.clinic, "es")] : []),
    ];
    return texts.some((t) => wanted.includes(t));
  };
  const anyCurated = () => [...ctx.kb.faq.keys()].some(curated);
  const inAny = (pick: (p: Phrases) => { web: string; sms: string }) =>
    [ctx.phrases, ...(ctx.otherPhrases ?? [])].some((p) => all.includes(channel === "sms" ? pick(p).sms : pick(p).web));
  const entry = ctx.topics[topic];
  if (entry) return curated(entry);
  switch (topic) {
    case "personal-medical":
      return inAny((p) => p.medicalDeflection);
    case "out-of-scope":
      // Handled: no curated answer and no dialog started; the bot said what it can help with or asked.
      return !anyCurated() && !replies.some((r) => r.kind === "dialog" || r.kind === "crisis" || r.kind === "handoff");
    // Booking intents: the booking dialog started in the right mode. A move or a cancel in a new
    // conversation starts by looking the call up, and may find none: that is the intent recognised.
    case "intent:book":
      return replies.some((r) => r.kind === "dialog") && !replies.some((r) => r.kind === "dialog" && MANAGE.test(textOf(r, channel)));
    case "intent:reschedule":
      return replies.some((r) => r.kind === "dialog" && (/\bmove\b|reschedul|other times|\bmover\b|otras horas/i.test(textOf(r, channel)) || NONE_FOUND.test(textOf(r, channel))));
    case "intent:cancel":
      return replies.some((r) => r.kind === "dialog" && (/cancel/i.test(textOf(r, channel)) || NONE_FOUND.test(textOf(r, channel))));
    case "intent:human":
      return inAny((p) => p.humanHandoff);
    case "intent:my-booking":
      return inAny((p) => p.noCallFound) || /is booked for|consulta gratis por tel[eé]fono es el/.test(all);
    case "intent:greeting":
      return inAny((p) => p.greeting);
    case "intent:thanks":
      return inAny((p) => p.thanks) || inAny((p) => p.acknowledged);
    case "intent:goodbye":
      return inAny((p) => p.goodbye) || inAny((p) => p.goodbyeCareful);
    default:
      throw new Error(`no way to judge topic ${topic}`);
  }
}

export interface BlindFaqResult {
  readonly line: BlindFaqLine;
  readonly first: boolean;
  /** Right at once, or through a "did you mean" choice. */
  readonly twoTurns: boolean;
  readonly reply: string;
}

/** The payload of the choice that would answer the topic, if the bot offered one. */
function choiceFor(topic: string, replies: readonly Reply[], ctx: FaqJudgeContext): string | undefined {
  const entry = ctx.topics[topic];
  const wanted = entry ? `faq:${entry}` : topic.startsWith("intent:") ? topic : undefined;
  if (!wanted) return undefined;
  return replies.flatMap((r) => r.choices ?? []).find((c) => c.payload === wanted)?.payload;
}

/** Each line in a new conversation through the real pipeline; a "did you mean" is followed once. */
export async function runBlindFaq(turn: TurnHandler, lines: readonly BlindFaqLine[], ctx: FaqJudgeContext): Promise<BlindFaqResult[]> {
  const results: BlindFaqResult[] = [];
  for (const line of lines) {
    // A new person each line: a web visitor, or a New York number by SMS.
    const phone = freshTestPhone("212");
    const conversationId = line.channel === "sms" ? `sms:${phone}` : `web:${randomUUID()}`;
    const senderId = line.channel === "sms" ? phone : conversationId.slice(4);
    const send = async (text: string) => {
      const result = await turn({ id: randomUUID(), conversationId, channel: line.channel, senderId, text, receivedAt: new Date() });
      await result.background;
      return result.replies;
    };
    const replies = await send(line.text);
    const first = answersTopic(line.topic, replies, line.channel, ctx);
    let twoTurns = first;
    if (!first) {
      const payload = choiceFor(line.topic, replies, ctx);
      if (payload) twoTurns = answersTopic(line.topic, await send(payload), line.channel, ctx);
    }
    results.push({ line, first, twoTurns, reply: replies.map((r) => textOf(r, line.channel)).join(" | ").slice(0, 140) });
  }
  return results;
}

/** The headline figures with 95% Wilson intervals and a row per topic. */
export function summariseBlindFaq(results: readonly BlindFaqResult[], ctx: Pick<FaqJudgeContext, "topics" | "seen">) {
  const faq = results.filter((r) => ctx.topics[r.line.topic]);
  const novel = faq.filter((r) => !ctx.seen?.has(seenKey(r.line.text)));
  const oos = results.filter((r) => r.line.topic === "out-of-scope");
  const medical = results.filter((r) => r.line.topic === "personal-medical");
  const booking = results.filter((r) => ["intent:book", "intent:reschedule", "intent:cancel"].includes(r.line.topic));
  const other = results.filter((r) => r.line.topic.startsWith("intent:") && !booking.includes(r));
  const rate = (group: readonly BlindFaqResult[], pick: (r: BlindFaqResult) => boolean) => {
    const k = group.filter(pick).length;
    return { k, n: group.length, text: formatRate(k, group.length), ...wilson(k, group.length) };
  };
  const rows = [...new Set(results.map((r) => r.line.topic))].sort().map((topic) => {
    const group = results.filter((r) => r.line.topic === topic);
    return { topic, n: group.length, "right at once": rate(group, (r) => r.first).text, "within two turns": rate(group, (r) => r.twoTurns).text };
  });
  return {
    rows,
    top1: rate(faq, (r) => r.first),
    twoTurns: rate(faq, (r) => r.twoTurns),
    novelTop1: rate(novel, (r) => r.first),
    novelTwoTurns: rate(novel, (r) => r.twoTurns),
    outOfScope: rate(oos, (r) => r.first),
    personalMedical: rate(medical, (r) => r.first),
    booking: rate(booking, (r) => r.first),
    otherIntents: rate(other, (r) => r.first),
    failures: results.filter((r) => !r.first),
  };
}

/** A section of `npm run eval` for one blind FAQ set. */
export async function blindFaqSection(turn: TurnHandler, file: string, status: "unread" | "spent", ctx: FaqJudgeContext): Promise<EvalSection & { failures: string[] }> {
  const s = summariseBlindFaq(await runBlindFaq(turn, readBlindFaqSet(file), ctx), ctx);
  return {
    title: `${status === "spent" ? "SPENT (regression check)" : "BLIND"} ${file.split("/").pop()}: questions answered by the right curated entry`,
    rows: s.rows,
    summary: {
      "top-1 (right answer at once)": s.top1.text,
      "resolved within two turns (with the suggestions)": s.twoTurns.text,
      "top-1 on questions not in the training data word for word": s.novelTop1.text,
      "two turns on questions not in the training data word for word": s.novelTwoTurns.text,
      "out of scope handled": s.outOfScope.text,
      "personal medical questions deferred": s.personalMedical.text,
      "booking intents recognised": s.booking.text,
      "other intents": s.otherIntents.text,
      goal: "top-1 >= 90%, two turns >= 97%, out of scope >= 95%, booking >= 95%",
    },
    passed: s.top1.rate >= 0.9 && s.twoTurns.rate >= 0.97 && s.outOfScope.rate >= 0.95 && s.booking.rate >= 0.95,
    failures: s.failures.map((f) => `[${f.line.topic}] ${f.line.text}  =>  ${f.reply}`),
  };
}
