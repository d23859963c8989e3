import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { launchBrowser } from "../helpers/browser.js";
import { SocketVisitor } from "./console-client.js";
import { startFakeTwilio, twilioEnv } from "./fake-servers.js";

const STAFF = { email: "sam@clinic.example", password: "correct horse battery" };
const SMS_PERSON = "+15551234567";
const SHOTS = "test-results/console-browser";
// The README's two screenshots are refreshed only on request, so a test run leaves the work tree clean.
const DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs/images" : SHOTS;

/**
 * The console in a real browser (Debian's Chromium through playwright-core): sign in, open
 * the crisis handoff, read the transcript, reply into the visitor's chat window, resolve;
 * then the same for a person on SMS, whose reply goes out through (a fake) Twilio.
 * Screenshots go to test-results/; with UPDATE_DOCS_SCREENSHOTS=1 the README's two go to docs/images/.
 */
describe("staff console in Chromium", { timeout: 60_000 }, () => {
  let t: TestApp;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let browser: Browser;
  let page: Page;
  let crisis: SocketVisitor;
  let asker: SocketVisitor;
  const dialogs: string[] = [];
  const failedRequests: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS, { recursive: true });
    twilio = await startFakeTwilio();
    t = await startTestApp({ ...twilioEnv(twilio.url), STAFF_BOOTSTRAP_EMAIL: STAFF.email, STAFF_BOOTSTRAP_PASSWORD: STAFF.password });
    [crisis, asker] = await Promise.all([SocketVisitor.connect(t.url), SocketVisitor.connect(t.url)]);

    // A queue like a real morning: a question about cost handed over, an SMS asking for a person, a crisis.
    await asker.say("how much does it cost");
    await asker.say("<script>alert(1)</script> does insurance cover it? <img src=x onerror=alert(1)>");
    await asker.say("can i talk to a person");
    const sms = await t.app.turn({ id: randomUUID(), conversationId: `sms:${SMS_PERSON}`, channel: "sms", senderId: SMS_PERSON, text: "can someone from the clinic text me", receivedAt: new Date() });
    await sms.background;
    await crisis.say("hi, how long do the effects last?");
    const reply = await crisis.say("honestly I want to kill myself");
    expect(reply[0]?.kind).toBe("crisis");
    const deadline = Date.now() + 5000;
    while (!(await t.app.store.handoffs.openFor(crisis.conversationId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("requestfailed", (r) => failedRequests.push(r.url()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    crisis?.close();
    asker?.close();
    await t?.close();
    await twilio?.close();
  });

  it("sends a stranger to the sign-in page and signs staff in", async () => {
    await page.goto(`${t.url}/staff`);
    expect(new URL(page.url()).pathname).toBe("/staff/login");
    await page.getByLabel("Email").fill(STAFF.email);
    await page.getByLabel("Password").fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/staff\/queue$/);
    await page.getByRole("heading", { name: "Handoff queue" }).first().waitFor();
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(3);
    expect(await rows.first().innerText()).toMatch(/Urgent\s+Crisis/);
    expect(await page.locator("body").innerText()).toContain("+1********67");
    expect(await page.locator("body").innerText()).not.toContain(SMS_PERSON);
    await page.screenshot({ path: `${SHOTS}/01-queue.png`, fullPage: true });
    await page.screenshot({ path: `${DOCS}/console-queue.png` });
  });

  it("opens the crisis handoff and reads the whole transcript", async () => {
    await page.locator("tbody tr").first().getByRole("link").click();
    await page.waitForURL(/\/staff\/handoffs\/[\w-]+$/);
    const transcript = page.locator("ol.transcript");
    await expect(transcript.innerText()).resolves.toContain("honestly I want to kill myself");
    expect(await transcript.innerText()).toContain("hi, how long do the effects last?");
    expect(await page.locator("ol.transcript li.crisis").count()).toBe(1);
    await page.getByText("Crisis detected").first().waitFor();
    const handoff = await t.app.store.handoffs.openFor(crisis.conversationId);
    const audit = await t.app.store.audit.list({ handoffId: handoff?.id ?? "" });
    expect(audit.map((e) => e.action)).toContain("view-transcript");
    await page.screenshot({ path: `${SHOTS}/02-crisis-transcript.png`, fullPage: true });
  });

  it("claims, replies into the visitor's chat window, and resolves", async () => {
    await page.getByRole("button", { name: /Claim/ }).click();
    await page.getByText("You claimed this handoff.").first().waitFor();
    const text = "Hi, this is Sam, a nurse at the clinic. I'm here with you. Are you safe right now? You can also call or text 988 at any time.";
    await page.getByLabel(/Reply to the person/).fill(text);
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Reply sent.").first().waitFor();
    await crisis.waitFor((f) => f.text === text && f.kind === "staff");
    // Staff have the conversation: the bot stays silent and only records the person's answer.
    expect(await crisis.say("yes I'm safe, thank you for answering")).toEqual([]);
    await page.reload();
    expect(await page.locator("ol.transcript").innerText()).toContain("yes I'm safe, thank you for answering");
    expect(await page.locator("ol.transcript li.staff").count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/03-replied.png`, fullPage: true });
    await page.screenshot({ path: `${DOCS}/console-transcript.png`, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1240 } });

    await page.getByLabel(/Resolution note/).fill("Spoke with them; safe, with family tonight. Callback booked for tomorrow morning.");
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.getByText("Resolved. The assistant answers this person again.").first().waitFor();
    expect(await page.locator("dl.facts").innerText()).toContain("Spoke with them; safe");
    await page.screenshot({ path: `${SHOTS}/04-resolved.png`, fullPage: true });
  });

  it("answers a person on SMS through Twilio", async () => {
    await page.goto(`${t.url}/staff/queue`);
    await page.getByRole("link", { name: "+1********67" }).click();
    await page.getByLabel(/Reply to the person in English \(by text message\)/).fill("Hi, this is Sam from the clinic. Is now a good time to call you?");
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Reply sent.").first().waitFor();
    expect(twilio.received.filter((m) => m.to === SMS_PERSON).map((m) => m.body)).toEqual(["Hi, this is Sam from the clinic. Is now a good time to call you?"]);
    await page.getByLabel(/Resolution note/).fill("Texted; calling at 2pm.");
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.getByText("Resolved. The assistant answers this person again.").first().waitFor();
    await page.screenshot({ path: `${SHOTS}/05-sms-resolved.png`, fullPage: true });
  });

  it("shows a visitor's markup as text and runs none of it", async () => {
    await page.goto(`${t.url}/staff/queue`);
    await page.getByRole("link", { name: `Web visitor ${asker.user.slice(0, 8)}` }).click();
    const line = page.locator("ol.transcript").getByText("<script>alert(1)</script> does insurance cover it? <img src=x onerror=alert(1)>");
    expect(await line.count()).toBe(1);
    expect(await page.locator("ol.transcript script, ol.transcript img").count()).toBe(0);
    await page.waitForTimeout(100);
    expect(dialogs).toEqual([]);
    expect(failedRequests.filter((u) => u.includes("/x"))).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/06-markup-inert.png`, fullPage: true });
  });

  it("lists every view, reply and resolution in the audit log page", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    const body = await page.locator("main").innerText();
    for (const label of ["Signed in", "Viewed transcript", "Claimed", "Replied", "Resolved"]) expect(body).toContain(label);
    await page.screenshot({ path: `${SHOTS}/07-audit.png`, fullPage: true });
  });
});
