import { randomUUID } from "node:crypto";
import type { Reply } from "../../src/domain/message.js";
import { RecordingSms } from "./recording-sms.js";
import type { AppOverrides } from "../../src/app.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { say, startTestApp, type TestApp, type WebReplyJson } from "../helpers/test-app.js";
import { TestClock } from "../scheduling/clock.js";

export { RecordingSms };

export interface BookingHarness {
  readonly t: TestApp;
  readonly clock: TestClock;
  readonly sms: RecordingSms;
  /** A web visitor's message through POST /api/messages; returns the bot's messages. */
  web(user: string, text: string): Promise<WebReplyJson[]>;
  /**
   * Web: types the one-time code the bot just texted (a web number is confirmed before the
   * clinic texts it, calls it, or shows its bookings); returns the bot's messages.
   */
  code(user: string): Promise<WebReplyJson[]>;
  /** An SMS through the turn pipeline as the SMS channel hands it over. */
  text(from: string, body: string): Promise<Reply[]>;
  close(): Promise<void>;
}

/**
 * The whole bot on a free port, with a clock the test moves (shared by the memory store,
 * so holds expire when the clock passes them) and a recording SMS sender.
 */
export async function startBookingApp(start: string, env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<BookingHarness> {
  const clock = new TestClock(start);
  const sms = new RecordingSms();
  const kv = new MemoryKv(clock.nowMs);
  const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: "1000", ...env }, { kv, now: clock.now, sms, ...overrides });
  return {
    t,
    clock,
    sms,
    web: (user, text) => say(t.url, user, text),
    code: (user) => say(t.url, user, lastCode(sms)),
    text: async (from, body) => {
      const result = await t.app.turn({ id: randomUUID(), conversationId: `sms:${from}`, channel: "sms", senderId: from, text: body, receivedAt: clock.now() });
      await result.background;
      return [...result.replies];
    },
    close: () => t.close(),
  };
}

/** The replies as one string (for matching), SMS wording where it differs. */
export function smsView(replies: readonly Reply[]): string {
  return replies
    .map((r) => [r.smsText ?? r.text, ...(r.choices ?? []).map((c, i) => `${i + 1}: ${c.title}`)].join("\n"))
    .join("\n");
}

export function webView(replies: readonly WebReplyJson[]): string {
  return replies.map((r) => r.text).join("\n");
}

export function lastChoices(replies: readonly WebReplyJson[]): { title: string; payload: string }[] {
  for (let i = replies.length - 1; i >= 0; i--) if (replies[i]!.quick_replies?.length) return replies[i]!.quick_replies!;
  return [];
}

/** The code in the newest verification text (the web's phone check). */
export function lastCode(sms: RecordingSms): string {
  const text = [...sms.sent].reverse().find((m) => m.purpose === "verification");
  const code = text ? /\b(\d{6})\b/.exec(text.body)?.[1] : undefined;
  if (!code) throw new Error("no verification code was texted");
  return code;
}

/** The texts that are not verification codes (confirmations, reminders, change notices). */
export function nonCodeTexts(sms: RecordingSms) {
  return sms.sent.filter((m) => m.purpose !== "verification");
}
