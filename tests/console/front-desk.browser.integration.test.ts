import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";
import { launchBrowser } from "../helpers/browser.js";
import { startFakeTwilio, textedCode, twilioEnv } from "./fake-servers.js";

const STAFF = { email: "sam@clinic.example", password: "correct horse battery" };
const SMS_PERSON = "+13105550142";
const SHOTS = "test-results/front-desk-browser";
// The README's screenshots are refreshed only on request, so a test run leaves the work tree clean.
const DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs/screenshots" : SHOTS;

/** Waits for a condition in the test process (not the page), polling with a generous limit. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The front desk in Chromium (playwright-core, Debian's /usr/bin/chromium): the call list and the
 * queue update live while a visitor books and another asks for a person; a staff SMS reply naming
 * ketamine reaches (fake) Twilio word for word; search finds a conversation by a word in it; and
 * every console page fits a 360 px phone without sideways scrolling.
 */
describe("front desk in Chromium", { timeout: 90_000 }, () => {
  let t: TestApp;
  let twilio: Awaited<ReturnType<typeof startFakeTwilio>>;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  const booker = randomUUID();
  const waiter = randomUUID();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS, { recursive: true });
    twilio = await startFakeTwilio();
    t = await startTestApp({ ...twilioEnv(twilio.url), RATE_LIMIT_PER_MINUTE: "1000", STAFF_BOOTSTRAP_EMAIL: STAFF.email, STAFF_BOOTSTRAP_PASSWORD: STAFF.password });
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await desktop.newPage();
    await page.goto(`${t.url}/staff/login`);
    await page.getByLabel("Email").fill(STAFF.email);
    await page.getByLabel("Password").fill(STAFF.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/staff\/queue$/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await twilio?.close();
  });

  it("shows a new booking on the open call list within seconds, without a reload, with name, number and a working transcript link", async () => {
    await page.goto(`${t.url}/staff/bookings`);
    await page.getByText("No consult calls today or later.").waitFor();
    await page.waitForFunction(() => document.documentElement.dataset.live === "on");
    // A marker that a reload would wipe.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    await say(t.url, booker, "I'd like to book a consult");
    await say(t.url, booker, "Eastern");
    await say(t.url, booker, "1");
    await say(t.url, booker, "Alex Rivera, 212-555-0134");
    expect((await say(t.url, booker, "Book it, no texts")).map((r) => r.text).join("\n")).toMatch(/texted it a 6-digit code/);
    const done = await say(t.url, booker, await textedCode(twilio, "+12125550134"));
    expect(done.map((r) => r.text).join("\n")).toMatch(/You're booked/);

    const row = page.locator("tbody tr", { hasText: "Alex Rivera" });
    await row.waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await row.getByRole("link", { name: "(212) 555-0134" }).getAttribute("href")).toBe("tel:+12125550134");
    expect(await row.innerText()).toMatch(/Booked/);
    expect(await row.innerText()).toMatch(/theirs: .* EST/);
    await page.screenshot({ path: `${DOCS}/call-list-desktop.png` });

    await row.getByRole("link", { name: "Transcript" }).click();
    await page.waitForURL(/\/staff\/conversations\//);
    expect(await page.locator("ol.transcript").innerText()).toContain("Alex Rivera, 212-555-0134");
  });

  it("shows a visitor who asks for a person and leaves a number on the open queue, live, with a title badge for urgent handoffs", async () => {
    await page.goto(`${t.url}/staff/queue`);
    await page.waitForFunction(() => document.documentElement.dataset.live === "on");
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    const asked = await say(t.url, waiter, "can i talk to a person");
    expect(asked.map((r) => r.text).join("\n")).toMatch(/leave a phone number or email/);
    const saved = await say(t.url, waiter, "sure, 646-555-0199");
    expect(saved.map((r) => r.text).join("\n")).toMatch(/we'll reach you at \(646\) 555-0199/);

    const row = page.locator("tbody tr", { hasText: "(646) 555-0199" });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByRole("link", { name: "(646) 555-0199" }).getAttribute("href")).toBe("tel:+16465550199");
    expect(await row.innerText()).toMatch(/Asked for a person/);
    expect(await row.innerText()).toMatch(/\d+ min/);

    // A crisis elsewhere: the open page's title gets a badge, still without a reload.
    await say(t.url, randomUUID(), "I want to kill myself");
    await page.waitForFunction(() => document.title.startsWith("(1) "), undefined, { timeout: 10_000 });
    await page.locator("tbody tr", { hasText: "Crisis" }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await page.screenshot({ path: `${DOCS}/queue-desktop.png` });
  });

  it("finds a conversation by a word in it", async () => {
    const user = randomUUID();
    await say(t.url, user, "my insurance is Bluecross, does that cover anything?");
    await say(t.url, user, "let me talk to a human");
    await page.goto(`${t.url}/staff/queue`);
    await page.getByLabel("Search").fill("bluecross");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/q=bluecross/);
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole("link").first().click();
    expect(await page.locator("ol.transcript").innerText()).toContain("my insurance is Bluecross");
  });

  it("sends a staff SMS reply naming ketamine to Twilio word for word", async () => {
    const sms = await t.app.turn({ id: randomUUID(), conversationId: `sms:${SMS_PERSON}`, channel: "sms", senderId: SMS_PERSON, text: "can someone from the clinic text me", receivedAt: new Date() });
    await sms.background;
    const handoff = await t.app.store.handoffs.openFor(`sms:${SMS_PERSON}`);
    await page.goto(`${t.url}/staff/handoffs/${handoff!.id}`);
    const reply = "Hi, it's Sam at Harbor Ketamine Clinic. Yes, ketamine infusions are what we do \u2014 can I call you at 2pm?";
    await page.getByLabel(/Reply to the person in English \(by text message\)/).fill(reply);
    await page.getByRole("button", { name: "Send reply" }).click();
    await page.getByText("Reply sent.").first().waitFor();
    await until(() => twilio.received.some((m) => m.to === SMS_PERSON), "the staff text");
    expect(twilio.received.filter((m) => m.to === SMS_PERSON).map((m) => m.body)).toEqual([reply]);
    expect(await page.locator("ol.transcript li.staff").innerText()).toContain(reply);
  });

  it("fits every console page on a 360 px phone without horizontal scrolling", async () => {
    const calls = await t.app.store.kv.zrangeByScore("sched:ledger", 0, Number.POSITIVE_INFINITY);
    const handoffs = await t.app.store.handoffs.list();
    const paths = [
      "/staff/queue",
      "/staff/queue?status=all",
      "/staff/queue?q=bluecross&channel=web",
      "/staff/bookings",
      `/staff/bookings/${calls[0]!.member}`,
      `/staff/conversations/${encodeURIComponent(`web:${booker}`)}`,
      ...handoffs.map((h) => `/staff/handoffs/${h.id}`),
      "/staff/audit",
      "/staff/no-such-page",
    ];
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, storageState: await desktop.storageState() });
    const p = await phone.newPage();
    const wide: string[] = [];
    for (const path of paths) {
      await p.goto(`${t.url}${path}`);
      const { scroll, inner } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      if (scroll > inner) wide.push(`${path}: ${scroll} > ${inner}`);
    }
    await p.goto(`${t.url}/staff/bookings`);
    await p.screenshot({ path: `${DOCS}/call-list-phone.png`, fullPage: true });
    await p.goto(`${t.url}/staff/queue`);
    await p.screenshot({ path: `${DOCS}/queue-phone.png`, fullPage: true });
    // Signed out too: the sign-in page.
    const stranger = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const s = await stranger.newPage();
    await s.goto(`${t.url}/staff/login`);
    const login = await s.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    if (login.scroll > login.inner) wide.push(`/staff/login: ${login.scroll} > ${login.inner}`);
    await Promise.all([phone.close(), stranger.close()]);
    expect(paths.length).toBeGreaterThan(9);
    expect(wide).toEqual([]);
  });
});
