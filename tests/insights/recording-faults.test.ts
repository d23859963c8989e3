import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brokenKv } from "../helpers/broken-kv.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { createTurnHandler } from "../../src/pipeline/turn.js";
import { InsightsRecorder } from "../../src/insights/recorder.js";
import { InsightsStore } from "../../src/insights/insights-store.js";
import { createLogger } from "../../src/logging/logger.js";
import type { InboundMessage } from "../../src/domain/message.js";

const web = (text: string): InboundMessage => ({ id: randomUUID(), conversationId: `web:${randomUUID()}`, channel: "web", senderId: "v", text, receivedAt: new Date() });

/** Recording never stands between a person and a reply: a recorder that throws, or a store that hangs or is down. */
describe("insights recording cannot delay or fail a turn", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: "1000" });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a recorder that throws: answers and the crisis reply still go out", async () => {
    const turn = createTurnHandler({ ...t.app.services, insights: { record: () => { throw new Error("recorder exploded"); } } });
    const answer = await turn(web("what are the side effects?"));
    expect(answer.replies.some((r) => r.faqId === "side-effects")).toBe(true);
    const crisis = await turn(web("honestly I want to kill myself"));
    expect(crisis.replies[0]?.kind).toBe("crisis");
  });

  for (const mode of ["hang", "down"] as const) {
    it(`an insights store that is ${mode}: record() returns at once and the turn is answered`, async () => {
      const kv = brokenKv(mode);
      const recorder = new InsightsRecorder({ kv, store: new InsightsStore(kv, 86_400_000), timeZone: "America/Los_Angeles", logger: createLogger("silent") });
      const turn = createTurnHandler({ ...t.app.services, insights: recorder });
      const crisis = await turn(web("honestly I want to kill myself"));
      expect(crisis.replies[0]?.kind).toBe("crisis");
      const answer = await turn(web("how much does it cost"));
      expect(answer.replies.some((r) => r.faqId === "cost-and-insurance")).toBe(true);
      // The hanging writes give up on their own (a bounded wait), so shutdown never hangs on them.
      await recorder.settled();
    }, 20_000);
  }
});
