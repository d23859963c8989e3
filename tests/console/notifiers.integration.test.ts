import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SendOutcome, SmsPurpose, SmsSender } from "../../src/domain/outbound.js";
import type { Handoff } from "../../src/domain/handoff.js";
import { createLogger } from "../../src/logging/logger.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { createStore } from "../../src/state/store.js";
import { HandoffService } from "../../src/handoff/handoff-service.js";
import { staffAlerts } from "../../src/handoff/staff-alert-notifier.js";
import { SmsHandoffNotifier } from "../../src/handoff/sms-handoff-notifier.js";
import { WebhookHandoffNotifier } from "../../src/handoff/webhook-handoff-notifier.js";
import { startFakeWebhook, type FakeServer } from "./fake-servers.js";

/** Records every text; `outcomes` decides what each number gets back. */
class RecordingSms implements SmsSender {
  readonly sent: { to: string; body: string; purpose: SmsPurpose }[] = [];
  outcomes = new Map<string, SendOutcome>();
  async send(to: string, body: string, purpose: SmsPurpose): Promise<SendOutcome> {
    this.sent.push({ to, body, purpose });
    return this.outcomes.get(to) ?? { kind: "sent", sid: `SM${this.sent.length}` };
  }
}

const logger = createLogger("silent");
const handoff: Handoff = {
  id: "0b6f3f1e-3c1c-4d39-9b8c-1a2b3c4d5e6f",
  conversationId: "sms:+15557654321",
  channel: "sms",
  reason: "crisis",
  urgency: "urgent",
  status: "open",
  createdAt: "2026-11-21T10:00:00.000Z",
  updatedAt: "2026-11-21T10:00:00.000Z",
  details: "prefers mornings",
};
const link = "https://bot.example/staff/handoffs/0b6f3f1e-3c1c-4d39-9b8c-1a2b3c4d5e6f";

/** Nothing in an alert may identify the person or repeat what they said. */
function expectNoHealthDetails(text: string): void {
  expect(text).not.toContain("7654321");
  expect(text).not.toContain("sms:");
  expect(text).not.toContain("prefers mornings");
}

describe("staff alerts", () => {
  let hook: FakeServer<{ path: string; contentType: string | undefined; body: unknown }>;
  beforeAll(async () => {
    hook = await startFakeWebhook();
  });
  afterAll(async () => {
    await hook.close();
  });
  afterEach(() => {
    hook.received.length = 0;
    hook.status = 200;
  });

  it("posts Slack-compatible JSON with the urgency, reason category and console link only", async () => {
    await new WebhookHandoffNotifier(`${hook.url}/services/T000/B000/XXXX`).notify(handoff, link);
    expect(hook.received).toHaveLength(1);
    const [post] = hook.received;
    expect(post?.path).toBe("/services/T000/B000/XXXX");
    expect(post?.contentType).toMatch(/application\/json/);
    expect(post?.body).toEqual({ text: `URGENT: a conversation needs staff now (crisis). Open the staff console: ${link}` });
    expectNoHealthDetails(JSON.stringify(post?.body));
  });

  it("reports a webhook that refuses the alert, without naming its secret URL", async () => {
    hook.status = 500;
    const failure = new WebhookHandoffNotifier(`${hook.url}/services/SECRET`).notify(handoff, link);
    await expect(failure).rejects.toThrow("staff alert webhook answered HTTP 500");
    await expect(failure).rejects.not.toThrow(/SECRET/);
  });

  it("texts every on-call number for staff alerts, GSM-7 and without health details", async () => {
    const sms = new RecordingSms();
    await new SmsHandoffNotifier(sms, ["+15550001111", "+15550002222"], logger).notify({ ...handoff, urgency: "normal", reason: "cost-insurance" }, link);
    expect(sms.sent.map((s) => [s.to, s.purpose])).toEqual([
      ["+15550001111", "staff-alert"],
      ["+15550002222", "staff-alert"],
    ]);
    expect(sms.sent[0]?.body).toBe(`A conversation is waiting for staff (cost or insurance). Open the staff console: ${link}`);
    expect(sms.sent[0]?.body).toMatch(/^[\x20-\x7e]+$/);
    expectNoHealthDetails(sms.sent[0]?.body ?? "");
  });

  it("fails only when no on-call number could be texted", async () => {
    const sms = new RecordingSms();
    sms.outcomes.set("+15550001111", { kind: "failed", reason: "Twilio answered 500" });
    await expect(new SmsHandoffNotifier(sms, ["+15550001111", "+15550002222"], logger).notify(handoff, link)).resolves.toBeUndefined();
    sms.outcomes.set("+15550002222", { kind: "disabled" });
    await expect(new SmsHandoffNotifier(sms, ["+15550001111", "+15550002222"], logger).notify(handoff, link)).rejects.toThrow(/no staff alert SMS was sent/);
  });

  it("alerts once per handoff, again only when it becomes urgent, and one failing channel does not stop the other", async () => {
    const sms = new RecordingSms();
    const notifier = staffAlerts({ STAFF_ALERT_NUMBERS: ["+15550001111"], STAFF_ALERT_WEBHOOK_URL: `${hook.url}/hook` }, sms, logger);
    const store = createStore(new MemoryKv(), { retentionDays: 30 });
    const service = new HandoffService({ repo: store.handoffs, alerts: notifier, logger, consoleBaseUrl: "https://bot.example" });
    const request = { conversationId: "web:retry", channel: "web" as const, reason: "asked-for-person" as const };
    const first = await service.open(request);
    const retried = await Promise.all([service.open(request), service.open(request), service.open(request)]);
    expect(new Set(retried.map((h) => h.id))).toEqual(new Set([first.id]));
    expect(sms.sent).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
    expect(sms.sent[0]?.body).toContain(service.linkFor(first));

    hook.status = 503;
    const escalated = await service.open({ ...request, reason: "crisis" });
    expect(escalated).toMatchObject({ id: first.id, urgency: "urgent" });
    expect(sms.sent).toHaveLength(2);
    expect(sms.sent[1]?.body).toMatch(/^URGENT/);
    expect(hook.received).toHaveLength(2);
    await service.open({ ...request, reason: "crisis" });
    expect(sms.sent).toHaveLength(2);
  });
});
