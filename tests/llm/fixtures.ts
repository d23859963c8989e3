import { parseConfig } from "../../src/config.js";
import type { FaqEntry, IntentDef, KnowledgeBase } from "../../src/knowledge/types.js";
import { createLogger } from "../../src/logging/logger.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { TranscriptRepo } from "../../src/state/transcripts.js";
import { createLlmLayer, type LlmLayer } from "../../src/llm/llm-layer.js";

/** A small knowledge base: enough ids for the router to choose among. */
export function smallKb(): KnowledgeBase {
  const faq = (id: string, topic: string, question: string): FaqEntry => ({
    id,
    topic,
    questions: [question],
    answers: { sms: `${topic} (sms answer)`, web: `${topic} (web answer)` },
    sources: [{ ref: "test fixture" }],
    reviewed: "2026-01-01",
  });
  const intent = (id: string, example: string): IntentDef => ({ id, examples: [example] });
  return {
    faq: new Map([
      ["side-effects", faq("side-effects", "Side effects", "what are the side effects")],
      ["effects-duration", faq("effects-duration", "How long the effects last", "how long does it last")],
      ["cost-and-insurance", faq("cost-and-insurance", "Cost and insurance", "how much does it cost")],
    ]),
    intents: new Map([
      ["book", intent("book", "book a consult")],
      ["human", intent("human", "can i talk to a person")],
    ]),
  };
}

export const testClinic = { name: "Harbor Ketamine Clinic", phone: "(555) 010-0199", phoneE164: "+15550100199", address: "1200 Harbor Blvd, Long Beach, CA 90802" };

/** A manual clock for the circuit breaker's cool-down. */
export function manualClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** The OpenAI layer as the app builds it, pointed at a fake server, with a manual breaker clock. */
export function layerFor(baseUrl: string, env: Record<string, string> = {}, clock = manualClock()): { layer: LlmLayer; kv: MemoryKv; clock: ReturnType<typeof manualClock> } {
  const config = parseConfig({ NODE_ENV: "test", OPENAI_API_KEY: "sk-test-not-a-real-key", OPENAI_BASE_URL: baseUrl, OPENAI_ROUTER_TIMEOUT_MS: "400", ...env });
  const kv = new MemoryKv();
  const retentionMs = 30 * 24 * 3600 * 1000;
  const layer = createLlmLayer(config, {
    kv,
    transcripts: new TranscriptRepo(kv, retentionMs),
    retentionMs,
    kb: smallKb(),
    clinic: testClinic,
    logger: createLogger("silent"),
    breaker: { failureThreshold: 3, cooldownMs: 1000, now: clock.now },
  });
  return { layer, kv, clock };
}

/** Personal data the tests send, and that must never appear in a request body. */
export const PERSONAL = {
  names: ["Sarah", "Jones", "Jaylen", "Okafor", "Rob", "Patel", "Jane"],
  phones: ["555-201-3344", "5552013344", "310) 555-8821", "3105558821", "884736251"],
  emails: ["sarah.jones@gmail.com", "jj@example.org"],
  dates: ["3/4/1985", "March 3rd 1985", "1985-03-04", "1962", "june 5"],
};

/** Messages full of personal data, each paired with nothing the offline matcher would need. */
export const PERSONAL_MESSAGES = [
  "Hi I'm Sarah Jones, call me at 555-201-3344, how long does it last?",
  "my name is jaylen okafor and my email is sarah.jones@gmail.com, what does it cost",
  "I was born on 3/4/1985, can I still get ketamine? text me 5552013344",
  "born March 3rd 1985 and my DOB is 1985-03-04, is it safe. email jj@example.org",
  "can u text me at +1 (310) 555-8821 about side effects thanks, Rob",
  "my sister Jane saw Dr. Patel, I was born in 1962, member id 884736251",
  "my birthday is june 5, hey it's Jaylen",
];

/** Every string of personal data found in a request body (empty when none leaked). */
export function leaks(body: string): string[] {
  const found = [...PERSONAL.names, ...PERSONAL.phones, ...PERSONAL.emails, ...PERSONAL.dates].filter((s) =>
    new RegExp(`(?<![\\w])${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w])`, "i").test(body),
  );
  const digits = body.match(/\d[\d\s().-]{5,}\d/g)?.filter((m) => m.replace(/\D/g, "").length >= 7) ?? [];
  return [...found, ...digits];
}
