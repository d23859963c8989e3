import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";

describe("cost and insurance", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers from the knowledge base, offers a person as a button, and hands over with the cost reason", async () => {
    const user = randomUUID();
    const replies = await say(t.url, user, "how much does it cost? does insurance cover it");
    const answer = replies.find((r) => r.faq === "cost-and-insurance");
    expect(answer?.quick_replies?.map((q) => q.title)).toContain("Talk to a person");
    expect(replies.some((r) => r.intent === "invite")).toBe(false);

    const handed = await say(t.url, user, "Talk to a person");
    expect(handed[0]?.intent).toBe("handoff");
    const handoff = await t.app.store.handoffs.openFor(`web:${user}`);
    expect(handoff).toMatchObject({ reason: "cost-insurance", urgency: "normal" });
  });
});
