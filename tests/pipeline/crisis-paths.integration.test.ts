import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Handoff } from "../../src/domain/handoff.js";
import type { HandoffNotifier } from "../../src/handoff/handoff-notifier.js";
import { REALERT_INTERVAL_MS } from "../../src/handoff/handoff-service.js";
import type { SafetyScreen } from "../../src/safety/types.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { postMessage, say, startTestApp, testContent, type TestApp } from "../helpers/test-app.js";
import { redisAvailable } from "../helpers/redis.js";
import { OwnRedis } from "../helpers/redis-server.js";
import { FakeTwilioApi } from "../sms/helpers/fake-twilio.js";
import { newPhone, smsEnv, text } from "../sms/helpers/twilio-webhook.js";
import { TestClock } from "../scheduling/clock.js";

/** An alert channel that records what it was told (a configured channel, like a webhook). */
class RecordingAlerts implements HandoffNotifier {
  readonly channel = "recording";
  readonly sent: Handoff[] = [];
  async notify(handoff: Handoff): Promise<void> {
    this.sent.push(handoff);
  }
}

const CRISIS = "i want to kill myself tonight";
const crisisText = (replies: { text: string }[]) => replies.map((r) => r.text).join("\n");

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function openSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace("http", "ws")}/ws`);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

describe("the crisis reply and its alert are never lost", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  describe("inside the booking dialog", () => {
    for (const words of ["actually never mind, I won't be alive by then", "sure whatever, not like I'll be alive for it"]) {
      it(`"${words}" gets the safety reply (crisis or check-in, both name 988 and 911) and staff are alerted, not the dialog's answer`, async () => {
        const alerts = new RecordingAlerts();
        t = await startTestApp({ RATE_LIMIT_PER_MINUTE: "1000" }, { notifier: alerts });
        const user = randomUUID();
        await say(t.url, user, "book a consult");
        await say(t.url, user, "eastern");
        await say(t.url, user, "1");
        const replies = await say(t.url, user, words);
        expect(["crisis", "checkin"]).toContain(replies[0]?.kind);
        expect(crisisText(replies)).toMatch(/911/);
        expect(crisisText(replies)).toMatch(/988/);
        expect(crisisText(replies)).not.toMatch(/booked|stopped booking|Back to booking/i);
        await waitFor(() => alerts.sent.some((h) => h.reason === "crisis" || h.reason === "possible-risk"));
        expect(await t.app.scheduler.findByPhone("+12125550134")).toMatchObject({ kind: "found", bookings: [] });
        const state = await t.app.store.conversations.load(`web:${user}`);
        expect(state?.dialog).toBeNull();
      });
    }
  });

  it("an SMS opt-out that carries risk gets the crisis reply and the alert, then the opt-out is honoured", async () => {
    const api = new FakeTwilioApi();
    await api.start();
    const alerts = new RecordingAlerts();
    try {
      t = await startTestApp(smsEnv(api.url), { notifier: alerts });
      const phone = newPhone();
      const replies = await text(t.url, phone, "stop texting me, it won't matter soon anyway");
      expect(replies.join(" ")).toMatch(/988/);
      expect(replies.join(" ")).toMatch(/911/);
      await waitFor(async () => (await t!.app.store.optOuts.isOptedOut(phone)) && alerts.sent.length > 0);
    } finally {
      await api.stop();
    }
  });

  it("the newer opt-out phrasings never swallow a crisis: the crisis reply comes first, then the opt-out is honoured", async () => {
    const api = new FakeTwilioApi();
    await api.start();
    const alerts = new RecordingAlerts();
    try {
      t = await startTestApp(smsEnv(api.url), { notifier: alerts });
      for (const body of ["I revoke consent. i want to kill myself", "cancel texts, i'm going to end my life tonight", "unsub. i dont want to be alive anymore"]) {
        const phone = newPhone();
        const replies = await text(t.url, phone, body);
        expect(replies.join(" "), body).toMatch(/988/);
        await waitFor(async () => (await t!.app.store.optOuts.isOptedOut(phone)) && alerts.sent.length > 0);
      }
    } finally {
      await api.stop();
    }
  });

  describe("rate limits", () => {
    it("a crisis from a visitor and an address past their limits still gets the full crisis turn, over HTTP and the websocket", async () => {
      const alerts = new RecordingAlerts();
      t = await startTestApp({ RATE_LIMIT_PER_MINUTE: "2" }, { notifier: alerts });
      const user = randomUUID();
      // Exhaust the visitor's allowance and the address's (2 x 5 per minute from one IP).
      for (let i = 0; i < 12; i++) await postMessage(t.url, { type: "message", text: `hello ${i}`, user: i < 3 ? user : randomUUID() });
      expect((await postMessage(t.url, { type: "message", text: "what are the side effects", user })).status).toBe(429);
      const res = await postMessage(t.url, { type: "message", text: CRISIS, user });
      expect(res.status).toBe(200);
      expect((res.json as { kind: string }[])[0]?.kind).toBe("crisis");

      const ws = await openSocket(t.url);
      const frames: { type: string; kind?: string }[] = [];
      ws.on("message", (d) => frames.push(JSON.parse(String(d))));
      // An ordinary message from the same address is still limited (this visitor's next messages are
      // read with the crisis message for 15 minutes, and would get the check-in).
      ws.send(JSON.stringify({ type: "message", text: "where are you located", user: randomUUID() }));
      ws.send(JSON.stringify({ type: "message", text: "i have the pills here and i'm taking them all now", user }));
      await waitFor(() => frames.some((f) => f.kind === "crisis"));
      expect(frames.some((f) => f.type === "error")).toBe(true);
      ws.close();
      await waitFor(() => alerts.sent.filter((h) => h.reason === "crisis").length >= 1);
      const transcript = await t.app.store.transcripts.list(`web:${user}`);
      expect(transcript.filter((l) => l.crisis).length).toBeGreaterThanOrEqual(2);
    });
  });

  it("a flood of history frames does not delay a crisis reply or lose its handoff and transcript", async () => {
    t = await startTestApp();
    const flooders = await Promise.all([openSocket(t.url), openSocket(t.url), openSocket(t.url)]);
    let flooding = true;
    const flood = (async () => {
      while (flooding) {
        for (const ws of flooders) if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: "history", user: randomUUID() }));
        await new Promise((r) => setImmediate(r));
      }
    })();
    const user = randomUUID();
    const res = await postMessage(t.url, { type: "message", text: CRISIS, user });
    flooding = false;
    await flood;
    for (const ws of flooders) ws.close();
    expect(res.status).toBe(200);
    expect((res.json as { kind: string }[])[0]?.kind).toBe("crisis");
    // Refused history frames closed the abusive sockets; the handoff and transcript are saved.
    await waitFor(async () => (await t!.app.store.handoffs.openFor(`web:${user}`)) !== null);
    const handoff = await t.app.store.handoffs.openFor(`web:${user}`);
    expect(handoff).toMatchObject({ reason: "crisis", urgency: "urgent" });
    expect((await t.app.store.transcripts.list(`web:${user}`)).some((l) => l.crisis)).toBe(true);
  });

  it("without an alert channel the crisis reply does not claim that staff were alerted, and says when the clinic reads it", async () => {
    t = await startTestApp();
    const replies = await say(t.url, randomUUID(), CRISIS);
    const all = crisisText(replies);
    expect(all).toMatch(/988/);
    expect(all).not.toMatch(/alerted/i);
    expect(all).toMatch(/office hours/);
  });

  it("with an alert channel it says so, and a later crisis message in the same conversation alerts again after the minimum interval", async () => {
    const alerts = new RecordingAlerts();
    const clock = new TestClock("2026-11-23T18:00:00Z");
    t = await startTestApp({}, { notifier: alerts, now: clock.now, kv: new MemoryKv(clock.nowMs) });
    const user = randomUUID();
    expect(crisisText(await say(t.url, user, CRISIS))).toMatch(/alerted a member of our staff/);
    await waitFor(() => alerts.sent.length === 1);
    // Moments later: staff were just alerted; the reply says so without another alert.
    expect(crisisText(await say(t.url, user, "i mean it, i have the rope"))).toMatch(/have been alerted/);
    expect(alerts.sent).toHaveLength(1);
    clock.advance(REALERT_INTERVAL_MS + 1000);
    expect(crisisText(await say(t.url, user, "i'm doing it now, the pills are in my hand"))).toMatch(/alerted a member of our staff/);
    await waitFor(() => alerts.sent.length === 2);
    expect(alerts.sent[1]).toMatchObject({ id: alerts.sent[0]!.id, urgency: "urgent" });
  });

  it("texts an on-call number that once texted STOP: staff alert numbers are not on the patient opt-out list", async () => {
    const api = new FakeTwilioApi();
    await api.start();
    try {
      const onCall = newPhone();
      t = await startTestApp({ ...smsEnv(api.url), STAFF_ALERT_NUMBERS: onCall });
      await t.app.store.optOuts.optOut(onCall, "keyword", new Date(), "STOP");
      await say(t.url, randomUUID(), CRISIS);
      await waitFor(() => api.creates.some((r) => r.form.To === onCall && /URGENT/.test(r.form.Body ?? "")));
    } finally {
      await api.stop();
    }
  });

  it("a conversation that starts in crisis by SMS gets the disclosure after the crisis reply", async () => {
    t = await startTestApp(smsEnv());
    const replies = await text(t.url, newPhone(), CRISIS);
    const all = replies.join("\n");
    expect(all.indexOf("911")).toBeGreaterThanOrEqual(0);
    expect(all.indexOf("automated assistant")).toBeGreaterThan(all.indexOf("988"));
  });

  it("after a crisis the conversation stays careful: no booking pushed, goodbyes repeat 988", async () => {
    t = await startTestApp();
    const user = randomUUID();
    await say(t.url, user, CRISIS);
    const hello = await say(t.url, user, "hi");
    expect(hello.flatMap((r) => r.quick_replies ?? []).map((q) => q.title)).not.toContain("Book a free consult");
    const bye = await say(t.url, user, "ok bye");
    expect(crisisText(bye)).toMatch(/988/);
    expect(crisisText(bye)).not.toMatch(/booking/i);
  });

  it("screens every message exactly once, on the web, the websocket and SMS", async () => {
    let calls = 0;
    const real = testContent().safety;
    const counting: SafetyScreen = {
      screen: (text, context) => {
        calls++;
        return real.screen(text, context);
      },
      checkInAnswer: (text) => real.checkInAnswer(text),
    };
    t = await startTestApp(smsEnv(), {});
    // The pipeline reads the screen from the services; swap it for the counting one.
    (t.app.services as { safety: SafetyScreen }).safety = counting;
    const user = randomUUID();
    await say(t.url, user, "how long does it last");
    expect(calls).toBe(1);
    await say(t.url, user, CRISIS);
    expect(calls).toBe(2);
    await text(t.url, newPhone(), "STOP");
    expect(calls).toBe(3);
    await text(t.url, newPhone(), "HELP me please");
    expect(calls).toBe(4);
    const ws = await openSocket(t.url);
    const frames: unknown[] = [];
    ws.on("message", (d) => frames.push(JSON.parse(String(d))));
    ws.send(JSON.stringify({ type: "message", text: "is it safe", user }));
    await waitFor(() => frames.length > 0);
    ws.close();
    expect(calls).toBe(5);
  });
});

const available = await redisAvailable();

describe.skipIf(!available)("a crisis while Redis is down or stalled", () => {
  let redis: OwnRedis;
  let t: TestApp;
  let alerts: RecordingAlerts;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    alerts = new RecordingAlerts();
    t = await startTestApp({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: "300" }, { notifier: alerts, spoolReplayMs: 200 });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it("killed: the reply and the alert go out; the handoff and its transcript reach the console once Redis is back", async () => {
    await redis.stop();
    const user = randomUUID();
    const replies = await say(t.url, user, CRISIS);
    expect(replies[0]?.kind).toBe("crisis");
    await waitFor(() => alerts.sent.some((h) => h.conversationId === `web:${user}`));
    const alerted = alerts.sent.find((h) => h.conversationId === `web:${user}`)!;
    await redis.startServer();
    await waitFor(async () => (await t.app.store.handoffs.get(alerted.id).catch(() => null)) !== null, 20_000);
    const queue = await t.app.store.handoffs.queue();
    expect(queue[0]).toMatchObject({ id: alerted.id, reason: "crisis", urgency: "urgent" });
    await waitFor(async () => (await t.app.store.transcripts.list(`web:${user}`)).some((l) => l.crisis), 20_000);
  }, 60_000);

  it("stalled: the reply comes without waiting for the stall, and the handoff is saved when Redis answers", async () => {
    const user = randomUUID();
    await redis.sleep(3000);
    const replies = await say(t.url, user, CRISIS);
    expect(replies[0]?.kind).toBe("crisis");
    await waitFor(() => alerts.sent.some((h) => h.conversationId === `web:${user}`));
    const alerted = alerts.sent.find((h) => h.conversationId === `web:${user}`)!;
    await waitFor(async () => (await t.app.store.handoffs.get(alerted.id).catch(() => null)) !== null, 20_000);
    await waitFor(async () => (await t.app.store.transcripts.list(`web:${user}`)).some((l) => l.crisis), 20_000);
  }, 60_000);

  it("an SMS STOP during an outage is recorded when Redis is back", async () => {
    const phone = newPhone();
    await redis.stop();
    await t.app.turn({ id: randomUUID(), conversationId: `sms:${phone}`, channel: "sms", senderId: phone, text: "STOP", receivedAt: new Date() });
    await redis.startServer();
    await waitFor(async () => (await t.app.store.optOuts.isOptedOut(phone).catch(() => false)), 20_000);
  }, 60_000);
});
