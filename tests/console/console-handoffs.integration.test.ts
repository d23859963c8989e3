import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { keys } from "../../src/state/keys.js";
import { maskPhone } from "../../src/logging/mask.js";
import { ConsoleClient, SocketVisitor } from "./console-client.js";
import { startFakeTwilio, startFakeWebhook, twilioEnv, type FakeServer } from "./fake-servers.js";

const STAFF = { email: "sam@clinic.example", password: "correct horse battery" };
const ON_CALL = "+15550009999";
const SMS_PERSON = "+15551230000";
const XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"];

describe("staff console: handoffs end to end (fake Twilio and chat webhook on loopback)", () => {
  let t: TestApp;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let hook: FakeServer<{ path: string; contentType: string | undefined; body: unknown }>;
  let staff: ConsoleClient;
  let asker: SocketVisitor;
  let crisis: SocketVisitor;

  const alerts = () => twilio.received.filter((m) => m.to === ON_CALL);
  const handoffFor = async (conversationId: string) => {
    const h = await t.app.store.handoffs.openFor(conversationId);
    if (!h) throw new Error(`no open handoff for ${conversationId}`);
    return h;
  };
  beforeAll(async () => {
    [twilio, hook] = await Promise.all([startFakeTwilio(), startFakeWebhook()]);
    t = await startTestApp({
      ...twilioEnv(twilio.url),
      PUBLIC_BASE_URL: "http://127.0.0.1:1",
      STAFF_ALERT_NUMBERS: ON_CALL,
      STAFF_ALERT_WEBHOOK_URL: `${hook.url}/services/hook`,
      STAFF_BOOTSTRAP_EMAIL: STAFF.email,
      STAFF_BOOTSTRAP_PASSWORD: STAFF.password,
    });
    staff = new ConsoleClient(t.url);
    expect((await staff.signIn(STAFF.email, STAFF.password)).status).toBe(303);
    [asker, crisis] = await Promise.all([SocketVisitor.connect(t.url), SocketVisitor.connect(t.url)]);
  });
  afterAll(async () => {
    asker?.close();
    crisis?.close();
    await t?.close();
    await Promise.all([twilio?.close(), hook?.close()]);
  });

  it("opens one handoff when a visitor asks for a person, alerts staff once, and a retried turn changes nothing", async () => {
    const replies = await asker.say("can i talk to a person");
    expect(replies.some((f) => f.intent === "handoff")).toBe(true);
    const handoff = await handoffFor(asker.conversationId);
    expect(handoff).toMatchObject({ reason: "asked-for-person", urgency: "normal", status: "open", channel: "web" });
    await hook.waitFor(1);
    await twilio.waitFor(1);

    for (const text of XSS) await asker.say(text);
    await asker.say("can i talk to a person");
    expect((await t.app.store.handoffs.list()).filter((h) => h.conversationId === asker.conversationId)).toHaveLength(1);
    expect((await handoffFor(asker.conversationId)).id).toBe(handoff.id);
    expect(hook.received).toHaveLength(1);
    expect(alerts()).toHaveLength(1);
    const alertText = `A conversation is waiting for staff (asked for a person). Open the staff console: http://127.0.0.1:1/staff/handoffs/${handoff.id}`;
    expect(hook.received[0]?.body).toEqual({ text: alertText });
    expect(alerts()[0]?.body).toBe(alertText);
  });

  it("alerts at once and urgently on a crisis, and lists it first in the queue", async () => {
    const replies = await crisis.say("I want to kill myself");
    expect(replies[0]?.kind).toBe("crisis");
    await hook.waitFor(2);
    await twilio.waitFor(2);
    const handoff = await handoffFor(crisis.conversationId);
    expect(handoff).toMatchObject({ reason: "crisis", urgency: "urgent" });
    expect(alerts()[1]?.body).toBe(`URGENT: a conversation needs staff now (crisis). Open the staff console: http://127.0.0.1:1/staff/handoffs/${handoff.id}`);

    await crisis.say("I want to kill myself");
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.received).toHaveLength(2);
    expect(alerts()).toHaveLength(2);

    const queue = await staff.get("/staff/queue");
    expect(queue.status).toBe(200);
    const crisisAt = queue.body.indexOf(handoff.id);
    const askerAt = queue.body.indexOf((await handoffFor(asker.conversationId)).id);
    expect(crisisAt).toBeGreaterThan(0);
    expect(askerAt).toBeGreaterThan(crisisAt);
    expect(queue.body).toContain("1 urgent handoff waiting");
    expect(queue.body).toContain(`Web visitor ${crisis.user.slice(0, 8)}`);
    expect(queue.body).not.toContain(crisis.user);
  });

  it("shows the whole transcript with times, channel, intents and crisis flags, and audits the view", async () => {
    const handoff = await handoffFor(crisis.conversationId);
    const page = await staff.get(`/staff/handoffs/${handoff.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("I want to kill myself");
    expect(page.body).toContain('<span class="badge crisis">Crisis</span>');
    expect(page.body).toContain("Crisis detected");
    expect(page.body).toContain("Web chat");
    expect(page.body).toContain("intent: crisis");
    expect(page.body).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">/);
    expect(page.body).toContain("Assistant");
    const audit = await t.app.store.audit.list({ handoffId: handoff.id });
    // The audit log keeps the conversation as a keyed hash and a masked label, never the visitor id.
    expect(audit[0]).toMatchObject({ action: "view-transcript", staff: STAFF.email, conversationId: expect.stringMatching(/^web:#[\w-]{22}$/), person: "Web visitor", handoffId: handoff.id });
    expect(JSON.stringify(audit)).not.toContain(crisis.conversationId.slice(4));
    expect((await t.app.store.audit.list({ conversationId: crisis.conversationId }))[0]?.handoffId).toBe(handoff.id);
    expect(Date.parse(audit[0]?.at ?? "")).toBeGreaterThan(Date.now() - 10_000);
  });

  it("renders a visitor's markup as inert text everywhere", async () => {
    const handoff = await handoffFor(asker.conversationId);
    const page = await staff.get(`/staff/handoffs/${handoff.id}`);
    expect(page.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    // The one script is the console's own file; no other script element, inline or not.
    expect(page.body.match(/<script\b[^>]*>/gi)).toEqual(['<script src="/staff/console.js" defer>']);
    expect(page.body).not.toMatch(/<img/i);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const text = await staff.get(`/staff/handoffs/${handoff.id}/transcript.txt`);
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text.headers.get("x-content-type-options")).toBe("nosniff");
    expect(text.headers.get("content-disposition")).toMatch(/^attachment/);
  });

  it("keeps the bot quiet while staff have the conversation, telling the person once", async () => {
    const handoff = await handoffFor(asker.conversationId);
    const claim = await staff.post(`/staff/handoffs/${handoff.id}/claim`);
    expect(claim.status).toBe(303);
    expect(await t.app.store.handoffs.get(handoff.id)).toMatchObject({ status: "claimed", claimedBy: STAFF.email });
    const first = await asker.say("what are the side effects");
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: "staff", intent: "takeover" });
    expect(await asker.say("hello? are you there")).toEqual([]);
    const lines = await t.app.store.transcripts.list(asker.conversationId);
    expect(lines.slice(-3).map((l) => [l.from, l.text])).toEqual([
      ["person", "what are the side effects"],
      ["bot", first[0]?.text],
      ["person", "hello? are you there"],
    ]);
  });

  it("sends a staff reply to the visitor's open chat window and records it", async () => {
    const handoff = await handoffFor(asker.conversationId);
    const res = await staff.post(`/staff/handoffs/${handoff.id}/reply`, { text: "Hi, this is Sam from the clinic. How can I help?" });
    expect(res.status).toBe(303);
    await asker.waitFor((f) => f.text === "Hi, this is Sam from the clinic. How can I help?");
    expect(asker.frames.at(-1)).toMatchObject({ type: "message", kind: "staff" });
    const lines = await t.app.store.transcripts.list(asker.conversationId);
    expect(lines.at(-1)).toMatchObject({ from: "staff", staff: STAFF.email, channel: "web", text: "Hi, this is Sam from the clinic. How can I help?" });
    const page = await staff.get(res.location ?? "");
    expect(page.body).toContain("Reply sent.");
    expect(page.body).toContain("Staff (sam@clinic.example)");
  });

  it("says so when a web visitor has no chat window open, and keeps the draft", async () => {
    const gone = randomUUID();
    const handoff = await t.app.services.handoffs.open({ conversationId: `web:${gone}`, channel: "web", reason: "not-understood" });
    const res = await staff.post(`/staff/handoffs/${handoff.id}/reply`, { text: "Are you still there? <b>" });
    expect(res.status).toBe(409);
    expect(res.body).toContain("Not sent: the visitor has no chat window open right now.");
    expect(res.body).toContain("Are you still there? &lt;b&gt;</textarea>");
    expect(await t.app.store.transcripts.list(`web:${gone}`)).toEqual([]);
  });

  it("texts a staff reply to an SMS conversation through Twilio", async () => {
    const turn = await t.app.turn({ id: randomUUID(), conversationId: `sms:${SMS_PERSON}`, channel: "sms", senderId: SMS_PERSON, text: "can i talk to a person", receivedAt: new Date() });
    await turn.background;
    const handoff = await handoffFor(`sms:${SMS_PERSON}`);
    const page = await staff.get(`/staff/handoffs/${handoff.id}`);
    expect(page.body).toContain(maskPhone(SMS_PERSON));
    expect(page.body).not.toContain(SMS_PERSON);
    const shown = await staff.get(`/staff/handoffs/${handoff.id}?phone=show`);
    expect(shown.body).toContain(SMS_PERSON);
    expect((await t.app.store.audit.list({ handoffId: handoff.id }))[0]?.action).toBe("reveal-phone");

    const res = await staff.post(`/staff/handoffs/${handoff.id}/reply`, { text: "Hi, this is Sam from the clinic. When is a good time to call?" });
    expect(res.status).toBe(303);
    const texts = twilio.received.filter((m) => m.to === SMS_PERSON);
    expect(texts).toEqual([{ to: SMS_PERSON, from: "+15550100199", body: "Hi, this is Sam from the clinic. When is a good time to call?" }]);
    expect(await t.app.store.handoffs.get(handoff.id)).toMatchObject({ status: "claimed", claimedBy: STAFF.email });
    expect((await t.app.store.transcripts.list(`sms:${SMS_PERSON}`)).at(-1)).toMatchObject({ from: "staff", channel: "sms", staff: STAFF.email });
  });

  it("exports the transcript as text and JSON, each export audited", async () => {
    const handoff = await handoffFor(crisis.conversationId);
    const text = await staff.get(`/staff/handoffs/${handoff.id}/transcript.txt`);
    expect(text.status).toBe(200);
    expect(text.headers.get("content-disposition")).toBe(`attachment; filename="transcript-${handoff.id}.txt"`);
    expect(text.body).toContain(`Conversation: web:${crisis.user.slice(0, 8)}... (web)`);
    expect(text.body).not.toContain(crisis.user);
    expect(text.body).toMatch(/\] Person \{CRISIS intent=crisis\}: I want to kill myself/);
    expect(text.body).toContain(`Exported by ${STAFF.email}`);
    const json = await staff.get(`/staff/handoffs/${handoff.id}/transcript.json`);
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    const parsed = JSON.parse(json.body) as { handoff: { id: string }; transcript: { from: string; crisis?: boolean }[]; conversation: { crisis: boolean }; exportedBy: string };
    expect(parsed.handoff.id).toBe(handoff.id);
    expect(parsed.conversation.crisis).toBe(true);
    expect(parsed.exportedBy).toBe(STAFF.email);
    expect(json.body).not.toContain(crisis.user);
    expect(parsed.transcript.filter((l) => l.from === "person" && l.crisis)).toHaveLength(2);
    const actions = (await t.app.store.audit.list({ handoffId: handoff.id })).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(["export-json", "export-text"]);
    const auditPage = await staff.get("/staff/audit");
    expect(auditPage.body).toContain("Exported transcript (JSON)");
    expect(auditPage.body).toContain("Exported transcript (text)");
    expect(auditPage.body).toContain("Viewed transcript");
  });

  it("keeps a conversation beyond the retention period on request", async () => {
    const handoff = await handoffFor(crisis.conversationId);
    const res = await staff.post(`/staff/handoffs/${handoff.id}/keep`, { kept: "1" });
    expect(res.status).toBe(303);
    expect(await t.app.store.kv.pttl(keys.handoff(handoff.id))).toBe(-1);
    expect(await t.app.store.kv.pttl(keys.transcript(crisis.conversationId))).toBe(-1);
    expect((await t.app.store.audit.list({ handoffId: handoff.id }))[0]?.action).toBe("keep");
  });

  it("resolves with a note, after which the bot answers the person again", async () => {
    const handoff = await handoffFor(asker.conversationId);
    const empty = await staff.post(`/staff/handoffs/${handoff.id}/resolve`, { note: "  " });
    expect(empty.status).toBe(400);
    const res = await staff.post(`/staff/handoffs/${handoff.id}/resolve`, { note: "Answered their questions; they will book online." });
    expect(res.status).toBe(303);
    expect(await t.app.store.handoffs.get(handoff.id)).toMatchObject({ status: "resolved", resolvedBy: STAFF.email, resolutionNote: "Answered their questions; they will book online." });
    expect((await t.app.store.conversations.load(asker.conversationId))?.takeover).toBeUndefined();
    const replies = await asker.say("what are the side effects");
    expect(replies.some((f) => f.intent === "faq")).toBe(true);
    const page = await staff.get(`/staff/handoffs/${handoff.id}`);
    expect(page.body).toContain("Answered their questions; they will book online.");
    expect(page.body).not.toContain('action="/staff/handoffs/' + handoff.id + '/reply"');
    const resolved = await staff.get("/staff/queue?status=resolved");
    expect(resolved.body).toContain(handoff.id);
    expect((await staff.get("/staff/queue")).body).not.toContain(handoff.id);
  });

  it("answers unknown handoffs and bad input with a clear page, never a stack trace", async () => {
    const missing = await staff.get(`/staff/handoffs/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain("There is no such handoff");
    expect((await staff.get("/staff/handoffs/not-a-uuid")).status).toBe(404);
    const handoff = await handoffFor(crisis.conversationId);
    const tooLong = await staff.post(`/staff/handoffs/${handoff.id}/reply`, { text: "x".repeat(1601) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toContain("at most 1600 characters");
    const badKeep = await staff.post(`/staff/handoffs/${handoff.id}/keep`, { kept: "maybe" });
    expect(badKeep.status).toBe(400);
    expect(badKeep.body).not.toMatch(/at \w+ \(/);
  });
});
