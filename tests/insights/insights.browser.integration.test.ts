import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { say, startTestApp, type TestApp, type WebReplyJson } from "../helpers/test-app.js";
import { launchBrowser } from "../helpers/browser.js";

const ADMIN = { email: "lee@clinic.example", password: "correct horse battery" };
const SHOTS = "test-results/insights-browser";
// The README's screenshots are refreshed only on request, so a test run leaves the work tree clean.
const DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs/screenshots" : SHOTS;

/**
 * The insights page in a real browser after a scripted day: eight conversations on the web and
 * by SMS (answers, a "did you mean" picked, a miss and a second miss, a person asked for after the
 * price, a crisis, a possible-risk message, a booked call). The admin (the bootstrap account) sees
 * the counts the conversations produced; the page has no scripts, reads at 360 px, and exports CSV.
 */
describe("insights page in Chromium after a scripted day", { timeout: 120_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let messages = 0;
  const seen = { crisis: 0, checkIn: 0, answered: 0, notUnderstood: 0, suggestions: 0 };
  const failedRequests: string[] = [];
  const consoleErrors: string[] = [];

  const talk = async (user: string, text: string): Promise<WebReplyJson[]> => {
    messages++;
    const replies = await say(t.url, user, text);
    if (replies.some((r) => r.kind === "crisis")) seen.crisis++;
    if (replies.some((r) => r.kind === "checkin")) seen.checkIn++;
    return replies;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS, { recursive: true });
    t = await startTestApp({ STAFF_BOOTSTRAP_EMAIL: ADMIN.email, STAFF_BOOTSTRAP_PASSWORD: ADMIN.password, RATE_LIMIT_PER_MINUTE: "1000" });

    // Two questions answered.
    const a = randomUUID();
    await talk(a, "what are the side effects?");
    await talk(a, "how long does a session take");
    // The price, then a person (a cost-and-insurance handoff).
    const b = randomUUID();
    await talk(b, "how much does it cost");
    await talk(b, "can i talk to a person");
    // A question, then a crisis.
    const c = randomUUID();
    await talk(c, "hi, how long do the effects last?");
    await talk(c, "honestly I want to kill myself");
    // Two misses in a row: the second hands over to staff.
    const d = randomUUID();
    await talk(d, "do you validate parking for the garage");
    await talk(d, "can my dog come with me");
    // Unsure: "did you mean", and the person picks the first suggestion.
    const e = randomUUID();
    const unsure = await talk(e, "do you have a wheelchair ramp");
    const offered = unsure.flatMap((r) => r.quick_replies ?? []).find((q) => q.payload.startsWith("faq:"));
    expect(offered).toBeDefined();
    await talk(e, offered!.payload);
    // A booked call: time zone, a time, name and number, confirm.
    const f = randomUUID();
    await talk(f, "I'd like to book a consult");
    await talk(f, "Pacific");
    await talk(f, "1");
    await talk(f, "Alex Rivera, 212-555-0134");
    const booked = await talk(f, "Book it, no texts");
    expect(booked.map((r) => r.text).join("\n")).toMatch(/You're booked/);
    // A possible-risk message (a check-in, or the crisis reply if the screen reads it as crisis).
    await talk(randomUUID(), "i wouldnt mind not waking up tomorrow");
    // An SMS question.
    messages++;
    const sms = await t.app.turn({ id: randomUUID(), conversationId: "sms:+15551234567", channel: "sms", senderId: "+15551234567", text: "how long is a session", receivedAt: new Date() });
    await sms.background;

    // Staff claim the crisis handoff (the median time to claim an urgent handoff).
    const crisisHandoff = await t.app.store.handoffs.openFor(`web:${c}`);
    expect(crisisHandoff?.urgency).toBe("urgent");
    await t.app.store.handoffs.claim(crisisHandoff!.id, ADMIN.email, new Date());
    await t.app.insights.recorder.settled();

    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on("requestfailed", (r) => failedRequests.push(r.url()));
    // Any failed load but the browser's own favicon request (the console has none).
    page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && consoleErrors.push(`${r.status()} ${r.url()}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("shows the admin the day's counts", async () => {
    await page.goto(`${t.url}/staff/login?next=${encodeURIComponent("/staff/insights?days=1")}`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/staff\/insights\?days=1$/);
    await page.getByRole("heading", { name: "Insights" }).waitFor();
    const figure = (id: string) => page.locator(`[data-figure="${id}"]`).innerText();

    expect(await figure("conversations")).toBe("8");
    expect(await figure("messages")).toBe(String(messages));
    expect(await figure("crisis")).toBe(String(seen.crisis));
    expect(await figure("check-ins")).toBe(String(seen.checkIn));
    expect(await figure("booked")).toBe("1");
    expect(await figure("urgent-claim")).toMatch(/^\d+(\.\d)? min$/);
    // Answered: 2 + 1 + 1 + the picked suggestion + the SMS = 6; not understood: the miss, the second miss, the "did you mean" = 3.
    expect(await figure("answered-rate")).toBe("67%");
    expect(await figure("fallback-rate")).toBe("33%");
    expect(await figure("suggestion-success")).toBe("100%");
    const text = await page.locator("main").innerText();
    expect(text).toMatch(/Cost or insurance/);
    expect(text).toMatch(/Not understood twice/);
    expect(text).toMatch(/Crisis/);
    expect(text).toMatch(/Booked a call/);
    expect(text).toMatch(/Most asked[\s\S]*How long an appointment takes\s+2/);
    expect(await page.locator("svg.chart").count()).toBeGreaterThanOrEqual(4);
    // No chart script: the only script is the console's own file (live updates), never inline.
    expect(await page.locator("script").evaluateAll((els) => els.map((e) => e.getAttribute("src")))).toEqual(["/staff/console.js"]);
    expect(failedRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: `${DOCS}/insights-desktop.png`, fullPage: true });
  });

  it("reads on a 360 px phone: nothing wider than the screen", async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await page.reload();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${DOCS}/insights-phone.png`, fullPage: true });
  });

  it("narrows to one channel and exports the same figures as CSV", async () => {
    await page.goto(`${t.url}/staff/insights?days=1&channel=sms`);
    expect(await page.locator('[data-figure="conversations"]').innerText()).toBe("1");
    expect(await page.locator('[data-figure="messages"]').innerText()).toBe("1");
    const csv = await page.request.get(`${t.url}/staff/insights.csv?days=1&channel=all`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toMatch(/text\/csv/);
    const body = await csv.text();
    expect(body).toContain("conversations,8\r\n");
    expect(body).toContain(`messages,${messages}\r\n`);
    expect(body).toContain("bookings made,1\r\n");
    const bad = await page.request.get(`${t.url}/staff/insights?from=2026-12-09&to=2026-12-01`);
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain("from must not be after to");
  });

  it("lists the unanswered questions, grouped, with the closest entries", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${t.url}/staff/unanswered`);
    const text = await page.locator("main").innerText();
    expect(text).toContain("do you validate parking for the garage");
    expect(text).toContain("can my dog come with me");
    expect(text).toContain("do you have a wheelchair ramp");
    expect(text).not.toContain("how much does it cost");
    expect(await page.getByRole("button", { name: "Propose phrasing" }).count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `${DOCS}/unanswered.png`, fullPage: true });
  });
});
