import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";
import { ConsoleClient } from "./console-client.js";
import { startFakeTwilio, startFakeWebhook, twilioEnv, type FakeServer, textedCode } from "./fake-servers.js";

const STAFF = { email: "sam@clinic.example", password: "correct horse battery" };
const ON_CALL = "+15550009999";
// Monday 23 Nov 2026, 9:00 AM in New York (6:00 AM at the Los Angeles clinic, before it opens).
const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";
const ALEX = "+12125550134";

/**
 * The front desk's day through the real HTTP console, the real Twilio client against a fake
 * Twilio, and a fake chat webhook: the call list, booking alerts, moving and cancelling a call,
 * staff replies as written, the waiting state and a bare CANCEL from a booked number.
 */
describe("front desk: call list, booking alerts, replies as written, waiting state, bare CANCEL", () => {
  let h: BookingHarness;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let hook: FakeServer<{ path: string; contentType: string | undefined; body: unknown }>;
  let staff: ConsoleClient;
  const alertTexts = () => [...hook.received.map((r) => (r.body as { text: string }).text)];
  const onCallTexts = () => twilio.received.filter((m) => m.to === ON_CALL).map((m) => m.body);
  const waitUntil = async (check: () => Promise<boolean> | boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    [twilio, hook] = await Promise.all([startFakeTwilio(), startFakeWebhook()]);
    h = await startBookingApp(
      MONDAY_9AM_ET,
      {
        ...twilioEnv(twilio.url),
        PUBLIC_BASE_URL: "http://127.0.0.1:1",
        STAFF_ALERT_NUMBERS: ON_CALL,
        STAFF_ALERT_WEBHOOK_URL: `${hook.url}/services/hook`,
        STAFF_BOOTSTRAP_EMAIL: STAFF.email,
        STAFF_BOOTSTRAP_PASSWORD: STAFF.password,
      },
      // The real Twilio client (against the fake server), not the recording sender.
      { sms: undefined },
    );
    staff = new ConsoleClient(h.t.url);
    expect((await staff.signIn(STAFF.email, STAFF.password)).status).toBe(303);
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all([twilio?.close(), hook?.close()]);
  });

  const visitor = randomUUID();
  let bookingId = "";

  it("lists a web booking with name, tap-to-call number, both zones and the transcript, and alerts staff without health details", async () => {
    await h.web(visitor, "I'd like to book a consult");
    await h.web(visitor, "Eastern");
    await h.web(visitor, "2");
    await h.web(visitor, "Alex Rivera, 212-555-0134");
    expect(webView(await h.web(visitor, "Book it and text me"))).toMatch(/texted it a 6-digit code/);
    expect(webView(await h.web(visitor, await textedCode(twilio, ALEX)))).toMatch(/You're booked: Mon, Nov 23 at 1:00 PM ET\./);
    // The confirmation text says how to cancel by text.
    await waitUntil(() => twilio.received.some((m) => m.to === ALEX && !/code is \d{6}/.test(m.body)), "the confirmation text");
    expect(twilio.received.find((m) => m.to === ALEX && !/code is \d{6}/.test(m.body))?.body).toContain('To cancel, text "cancel my call"');

    await waitUntil(() => hook.received.length >= 1 && onCallTexts().length >= 1, "the booking alerts");
    const alert = "New consult call booked on web chat: Mon 23 Nov, 10:00 AM PST. Call list: http://127.0.0.1:1/staff/bookings";
    expect(alertTexts()).toEqual([alert]);
    expect(onCallTexts()).toEqual([alert]);

    const page = await staff.get("/staff/bookings");
    expect(page.status).toBe(200);
    expect(page.body).toContain("Alex Rivera");
    expect(page.body).toContain(`href="tel:${ALEX}"`);
    expect(page.body).toContain("(212) 555-0134");
    expect(page.body).toContain("Mon 23 Nov 2026, 10:00 PST");
    expect(page.body).toContain("theirs: Mon 13:00 EST");
    expect(page.body).toContain(`href="/staff/conversations/${encodeURIComponent(`web:${visitor}`)}"`);
    bookingId = /\/staff\/bookings\/([^"/]+)"/.exec(page.body)?.[1] ?? "";
    expect(bookingId).not.toBe("");

    const transcript = await staff.get(`/staff/conversations/${encodeURIComponent(`web:${visitor}`)}`);
    expect(transcript.status).toBe(200);
    expect(transcript.body).toContain("Alex Rivera, 212-555-0134");
    expect((await h.t.app.store.audit.list({ conversationId: `web:${visitor}` })).map((e) => e.action)).toContain("view-transcript");
  });

  it("marks a call, moves it (the person is texted, staff alerted) and cancels it, after which it is never listed", async () => {
    await staff.get("/staff/bookings");
    const marked = await staff.post(`/staff/bookings/${bookingId}/mark`, { status: "no-answer" });
    expect(marked.status).toBe(303);
    expect((await staff.get("/staff/bookings")).body).toContain("No answer");
    expect((await staff.post(`/staff/bookings/${bookingId}/mark`, { status: "lunch" })).status).toBe(400);

    const detail = await staff.get(`/staff/bookings/${bookingId}`);
    const slot = /<option value="([^"]+)">Mon 23 Nov 2026, 13:00 PST/.exec(detail.body)?.[1];
    expect(slot).toBe("2026-11-23T21:00:00.000Z");
    const textsBefore = twilio.received.filter((m) => m.to === ALEX).length;
    const moved = await staff.post(`/staff/bookings/${bookingId}/move`, { slot: slot! });
    expect(moved.status).toBe(303);
    const after = await staff.get(moved.location!);
    expect(after.body).toContain("The person was by text");
    await waitUntil(() => twilio.received.filter((m) => m.to === ALEX).length > textsBefore, "the moved text");
    expect(twilio.received.filter((m) => m.to === ALEX).at(-1)?.body).toBe(
      "Your free consultation call has been moved by the clinic to Mon, Nov 23 at 4:00 PM ET. We'll call you at (212) 555-0134. Questions? Call (555) 010-0199.",
    );
    await waitUntil(() => hook.received.length >= 2, "the moved alert");
    expect(alertTexts()[1]).toBe("Consult call moved on web chat: Mon 23 Nov, 1:00 PM PST. Call list: http://127.0.0.1:1/staff/bookings");
    expect((await h.t.app.scheduler.findByPhone(ALEX)).kind === "found").toBe(true);

    const movedId = /\/staff\/bookings\/([^"/?]+)/.exec(moved.location!)?.[1] ?? "";
    await staff.get(`/staff/bookings/${movedId}`);
    const cancelled = await staff.post(`/staff/bookings/${movedId}/cancel`);
    expect(cancelled.status).toBe(303);
    await waitUntil(() => hook.received.length >= 3 && onCallTexts().length >= 3, "the cancel alerts");
    expect(alertTexts()[2]).toBe("Consult call cancelled on web chat: Mon 23 Nov, 1:00 PM PST. Call list: http://127.0.0.1:1/staff/bookings");
    expect(onCallTexts()[2]).toBe(alertTexts()[2]);
    const found = await h.t.app.scheduler.findByPhone(ALEX);
    expect(found.kind === "found" && found.bookings).toEqual([]);
    const list = await staff.get("/staff/bookings");
    expect(list.body).not.toContain("Alex Rivera");
    expect(list.body).toContain("No consult calls today or later.");
    const lines = await h.t.app.store.transcripts.list(`web:${visitor}`);
    expect(lines.filter((l) => l.from === "staff").map((l) => l.text)).toEqual([
      "Your free consultation call has been moved by the clinic to Mon, Nov 23 at 4:00 PM ET. We'll call you at (212) 555-0134. Questions? Call (555) 010-0199.",
      expect.stringMatching(/^Your free consultation call on Mon, Nov 23 at 4:00 PM ET has been cancelled by the clinic\./),
    ]);
  });

  it("texts a staff reply naming ketamine word for word, records exactly that, and says before sending when the number opted out", async () => {
    const person = "+13105550111";
    await h.text(person, "can someone from the clinic text me");
    const handoff = await h.t.app.store.handoffs.openFor(`sms:${person}`);
    expect(handoff).not.toBeNull();
    await staff.get(`/staff/handoffs/${handoff!.id}`);
    const reply = "Hi, it\u2019s Sam at Harbor Ketamine Clinic. Yes, we offer ketamine infusions \u2014 can I call you at 2pm?";
    expect((await staff.post(`/staff/handoffs/${handoff!.id}/reply`, { text: reply })).status).toBe(303);
    expect(twilio.received.filter((m) => m.to === person).map((m) => m.body)).toEqual([reply]);
    const lines = await h.t.app.store.transcripts.list(`sms:${person}`);
    expect(lines.filter((l) => l.from === "staff").map((l) => l.text)).toEqual([reply]);

    await h.t.app.store.optOuts.optOut(person, "keyword", h.clock.now(), "STOP");
    const page = await staff.get(`/staff/handoffs/${handoff!.id}`);
    expect(page.body).toContain("A reply cannot be sent: this person opted out of texts (STOP)");
    expect(page.body).not.toContain('action="/staff/handoffs/' + handoff!.id + '/reply"');
    const refused = await staff.post(`/staff/handoffs/${handoff!.id}/reply`, { text: "Are you there?" });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain("Not sent: this person opted out of texts (STOP)");
    expect(twilio.received.filter((m) => m.to === person)).toHaveLength(1);
  });

  it("asks a web visitor who wants a person how to reach them, says when to expect an answer, answers 'hello?', and still answers a crisis first", async () => {
    const user = randomUUID();
    const asked = webView(await h.web(user, "can i talk to a real person"));
    expect(asked).toMatch(/Our team will read your message when the clinic opens, today at 8:30 AM/);
    expect(asked).toMatch(/leave a phone number or email/);
    const handoff = await h.t.app.store.handoffs.openFor(`web:${user}`);
    expect(handoff).toMatchObject({ reason: "asked-for-person", status: "open" });

    // "hello?" while waiting is about the wait, not a new greeting.
    expect(webView(await h.web(user, "hello?"))).toMatch(/will read your message when the clinic opens, today at 8:30 AM/);
    // Not a valid number: nothing is stored.
    await h.web(user, "my number is 555-12");
    expect((await h.t.app.store.handoffs.get(handoff!.id))?.contact).toBeUndefined();
    const saved = webView(await h.web(user, "you can text me at (646) 555-0199"));
    expect(saved).toMatch(/we'll reach you at \(646\) 555-0199/);
    expect((await h.t.app.store.handoffs.get(handoff!.id))?.contact).toMatchObject({ kind: "phone", value: "+16465550199" });

    const queue = await staff.get("/staff/queue");
    expect(queue.body).toContain('href="tel:+16465550199"');
    expect((await staff.get("/staff/queue?q=646-555-0199")).body).toContain(`/staff/handoffs/${handoff!.id}`);
    // The safety screen stays first: a crisis while waiting gets the crisis reply.
    const crisis = await h.web(user, "i want to end my life");
    expect(crisis[0]?.kind).toBe("crisis");
    expect(webView(crisis)).toMatch(/988/);
  });

  it("takes an email too, and 'no thanks' is fine", async () => {
    const a = randomUUID();
    await h.web(a, "talk to a person please");
    expect(webView(await h.web(a, "ana.ruiz@example.org"))).toMatch(/we'll reach you at ana\.ruiz@example\.org/);
    expect((await h.t.app.store.handoffs.openFor(`web:${a}`))?.contact).toMatchObject({ kind: "email", value: "ana.ruiz@example.org" });
    const b = randomUUID();
    await h.web(b, "talk to a person please");
    expect(webView(await h.web(b, "no thanks"))).toMatch(/will read your message when the clinic opens/);
    expect((await h.t.app.store.handoffs.openFor(`web:${b}`))?.contact).toBeUndefined();
  });

  it("searches the queue by words in the transcript and filters by channel and reason", async () => {
    const user = randomUUID();
    await h.web(user, "does insurance from Bluecross pay for any of it?");
    await h.web(user, "talk to a person");
    const handoff = await h.t.app.store.handoffs.openFor(`web:${user}`);
    expect((await staff.get("/staff/queue?q=bluecross")).body).toContain(`/staff/handoffs/${handoff!.id}`);
    expect((await staff.get("/staff/queue?q=bluecross&channel=sms")).body).toContain("No handoffs match.");
    const other = await staff.get("/staff/queue?q=zebra-crossing");
    expect(other.body).toContain("No handoffs match.");
    expect((await staff.get("/staff/queue?reason=crisis")).body).not.toContain(`/staff/handoffs/${handoff!.id}`);
  });

  it("keeps an unattended live console from staying signed in: automatic refreshes do not renew the idle time", async () => {
    const nurse = new ConsoleClient(h.t.url);
    expect((await nurse.signIn(STAFF.email, STAFF.password)).status).toBe(303);
    h.clock.advance(20 * 60_000);
    expect((await nurse.get("/staff/queue", { "x-console-live": "1" })).status).toBe(200);
    h.clock.advance(11 * 60_000);
    // 31 idle minutes since the person last did anything: signed out, however often the page refreshed itself.
    const live = await nurse.get("/staff/bookings", { "x-console-live": "1" });
    expect(live.status).toBe(303);
    expect(live.location).toMatch(/^\/staff\/login/);

    const busy = new ConsoleClient(h.t.url);
    expect((await busy.signIn(STAFF.email, STAFF.password)).status).toBe(303);
    h.clock.advance(20 * 60_000);
    expect((await busy.get("/staff/queue")).status).toBe(200);
    h.clock.advance(11 * 60_000);
    expect((await busy.get("/staff/queue")).status).toBe(200);
  });

  it("honours a bare CANCEL from a booked number, flags staff at once, and says the call stands and how to cancel by phone", async () => {
    const person = "+17185550123";
    const slots = await h.t.app.scheduler.availableSlots({ from: h.clock.now(), to: new Date(h.clock.now().getTime() + 3 * 86_400_000) });
    if (slots.kind !== "slots") throw new Error("no slots");
    const held = await h.t.app.scheduler.hold(slots.slots[0]!.start);
    if (held.kind !== "held") throw new Error("no hold");
    const booked = await h.t.app.scheduler.book(held.hold, { name: "Jo Park", phone: person, timeZone: "America/New_York", textTo: person, channel: "sms", conversationId: `sms:${person}` });
    expect(booked.kind).toBe("booked");
    const alertsBefore = onCallTexts().length;

    // "Cancel." is not Twilio's exact keyword, so Twilio stays silent and the bot sends the one confirmation.
    const replies = await h.text(person, "Cancel.");
    expect(replies.map((r) => r.smsText ?? r.text)).toEqual([
      "Harbor Ketamine Clinic: texts have stopped. Your free phone consult on Mon, Nov 23 at 12:00 PM ET is still booked. To cancel the call, phone (555) 010-0199. Reply START for texts again.",
    ]);
    expect(await h.t.app.store.optOuts.isOptedOut(person)).toBe(true);
    const handoff = await h.t.app.store.handoffs.openFor(`sms:${person}`);
    expect(handoff).toMatchObject({ reason: "booking-problem", status: "open" });
    expect(handoff?.details).toMatch(/Texted CANCEL.*still booked/);
    await waitUntil(() => onCallTexts().length > alertsBefore, "the staff alert");
    expect(onCallTexts().at(-1)).toMatch(/^A conversation is waiting for staff \(booking problem\)/);
    const still = await h.t.app.scheduler.findByPhone(person);
    expect(still.kind === "found" && still.bookings.length).toBe(1);
  });
});
