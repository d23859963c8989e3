import { mkdirSync } from "node:fs";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.js";
import { startTestApp, testContent, type TestApp } from "../helpers/test-app.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { RATE_LIMITED_MESSAGE } from "../../src/http/rate-limit.js";
import { botSays, bubbles, chatFrame, chatOf, choicesOf, focused, inputOf, launcherOf, logOf, panelOf, tabTo } from "./widget-page.js";

const SHOTS = "test-results/widget";
const clinic = () => testContent().clinic;
/** The curated web answer of faq/effects-duration.yaml, first sentence. */
const effectsAnswer = () => testContent().kb.faq.get("effects-duration")!.answers.web.split(". ")[0]!;

async function ask(page: Page, text: string): Promise<void> {
  await inputOf(page).fill(text);
  await inputOf(page).press("Enter");
}

async function clickChoice(page: Page, title: string | RegExp): Promise<void> {
  await choicesOf(page).filter({ hasText: title }).first().click();
}

describe("the chat widget in Chromium", () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function newPage(viewport = { width: 1280, height: 800 }, locale?: string): Promise<Page> {
    context = await browser.newContext({ viewport, ...(locale ? { locale } : {}) });
    page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error") errors.push(msg.text());
    });
    await page.goto(`${t.url}/`);
    await launcherOf(page).waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  it("opens by its accessible name and answers a question with the curated answer", async () => {
    await newPage();
    const launcher = launcherOf(page);
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    await launcher.click();
    await panelOf(page, clinic().name).waitFor();
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await focused(page)).toBe("Type your message");
    expect(await chatOf(page).getByText(clinic().branding.greeting!).isVisible()).toBe(true);

    await ask(page, "how long does it last");
    await botSays(page, effectsAnswer());
    const shown = await bubbles(page);
    expect(shown.find((b) => b.who === "person")?.text).toBe("how long does it last");
    // The automated-assistant disclosure comes first, then the curated answer, in the live region.
    expect(await logOf(page).getByText(/automated/i).count()).toBeGreaterThan(0);
    expect(await logOf(page).getByText(effectsAnswer()).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/desktop-answer.png` });
  });

  it("greets a Spanish browser (es-MX) in Spanish, and a click on its button gets Spanish replies; writing \"English\" switches back", async () => {
    await newPage({ width: 1280, height: 800 }, "es-MX");
    await launcherOf(page).click();
    await panelOf(page, clinic().name).waitFor();
    expect(await chatOf(page).getByText(testContent().wording.es.greeting.web).isVisible()).toBe(true);
    expect(await choicesOf(page).allTextContents()).toEqual(["Cita gratis", "Cómo funciona", "Costo y seguro", "Hablar con alguien", "English"]);
    await clickChoice(page, "Cita gratis");
    await botSays(page, /Soy el asistente automático/);
    await botSays(page, /¿En qué zona horaria estás\?/);
    // Mid-booking the buttons are the booking's; writing "English" switches too.
    await ask(page, "English");
    await botSays(page, /Sure, I'll write in English from now on\./);
    await botSays(page, /Which time zone are you in\?/);
  }, 60_000);

  it("books a consult by clicking buttons, and a reload keeps the conversation and its buttons", async () => {
    await newPage();
    await launcherOf(page).click();
    await ask(page, "I'd like to book a free consult");
    await botSays(page, /time zone/i);
    expect(await choicesOf(page).allTextContents()).toEqual(expect.arrayContaining(["Eastern", "Pacific"]));

    // Reload mid-booking: the panel stays open, the conversation and the offered buttons come back.
    const before = await bubbles(page);
    await page.reload();
    await panelOf(page, clinic().name).waitFor();
    await expect.poll(() => bubbles(page)).toEqual(before);
    await choicesOf(page).filter({ hasText: "Pacific" }).waitFor();

    await clickChoice(page, "Pacific");
    await botSays(page, /Pick one/);
    const slots = await choicesOf(page).allTextContents();
    expect(slots.length).toBeGreaterThanOrEqual(1);
    expect(slots[0]).toMatch(/\d:\d\d [AP]M PT$/);
    await clickChoice(page, slots[0]!);
    // The person's line reads as the button did, not as its payload.
    await expect.poll(async () => (await bubbles(page)).filter((b) => b.who === "person").at(-1)?.text).toBe(slots[0]);
    await botSays(page, /name and phone number/i);
    await ask(page, "Alex Rivera, 212-555-0134");
    await botSays(page, /Please check/);
    await clickChoice(page, "Book it, no texts");
    await botSays(page, /You're booked/);
    await page.screenshot({ path: `${SHOTS}/desktop-booked.png` });

    const after = await bubbles(page);
    await page.reload();
    await panelOf(page, clinic().name).waitFor();
    await expect.poll(() => bubbles(page)).toEqual(after);
    expect(after.some((b) => b.text.startsWith("You're booked"))).toBe(true);
  });

  it("does the whole flow by keyboard, and Escape returns focus to the launcher", async () => {
    await newPage();
    await tabTo(page, /^Chat with us/);
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("Type your message");
    await page.keyboard.type("how long does it last");
    await page.keyboard.press("Enter");
    await botSays(page, effectsAnswer());

    await page.keyboard.type("book a call");
    await page.keyboard.press("Enter");
    await choicesOf(page).filter({ hasText: "Pacific" }).waitFor();
    await tabTo(page, "Pacific", "Shift+Tab");
    await page.keyboard.press("Enter");
    await botSays(page, /Pick one/);
    expect(await focused(page)).toBe("Type your message");
    const slot = (await choicesOf(page).first().textContent())!;
    await tabTo(page, slot, "Shift+Tab");
    await page.keyboard.press("Space");
    await botSays(page, /name and phone number/i);
    await page.keyboard.type("Sam Lee, 415-555-0177");
    await page.keyboard.press("Enter");
    await choicesOf(page).filter({ hasText: "Book it, no texts" }).waitFor();
    await tabTo(page, "Book it, no texts", "Shift+Tab");
    await page.keyboard.press("Enter");
    await botSays(page, /You're booked/);

    await page.keyboard.press("Escape");
    expect(await panelOf(page, clinic().name).isVisible()).toBe(false);
    expect(await focused(page)).toMatch(/^Chat with us/);
    expect(await launcherOf(page).getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toBe("Type your message");
    await tabTo(page, "Close chat", "Shift+Tab");
    await page.keyboard.press("Enter");
    expect(await focused(page)).toMatch(/^Chat with us/);
  });

  it("fits a 360 px phone screen", async () => {
    await newPage({ width: 360, height: 740 });
    await launcherOf(page).click();
    await ask(page, "how long does it last");
    await botSays(page, effectsAnswer());
    await chatOf(page).locator(".panel").evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    const box = await panelOf(page, clinic().name).boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 360, height: 740 });
    // Nothing wider than the screen: no sideways scrolling in the page or the panel.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await chatOf(page).locator(".scroll").evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await launcherOf(page).isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/phone-360.png` });
    await page.keyboard.press("Escape");
    expect(await launcherOf(page).isVisible()).toBe(true);
  });

  it("has no serious or critical accessibility violations (axe), closed and open", async () => {
    await newPage();
    const serious = async () =>
      (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze()).violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(await serious()).toEqual([]);
    await launcherOf(page).click();
    await ask(page, "what are the side effects");
    await botSays(page, /nausea|dizz/i);
    await ask(page, "book a call");
    await choicesOf(page).filter({ hasText: "Pacific" }).waitFor();
    expect(await serious()).toEqual([]);
  });

  it("falls back to the webhook where websockets are blocked, history included", async () => {
    context = await browser.newContext();
    // A proxy or extension that stops websockets: the constructor throws.
    await context.addInitScript(() => {
      window.WebSocket = class {
        constructor() {
          throw new Error("websockets blocked");
        }
      } as unknown as typeof WebSocket;
    });
    page = await context.newPage();
    const calls: string[] = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/")) calls.push(`${r.method()} ${path}`);
    });
    await page.goto(`${t.url}/`);
    await launcherOf(page).click();
    await ask(page, "how long does it last");
    await botSays(page, effectsAnswer());
    expect(calls).toContain("POST /api/messages");
    const before = await bubbles(page);
    await page.reload();
    await panelOf(page, clinic().name).waitFor();
    await expect.poll(() => bubbles(page)).toEqual(before);
    expect(calls).toContain("GET /api/history");
  });

  it("respects prefers-reduced-motion", async () => {
    context = await browser.newContext({ reducedMotion: "reduce" });
    page = await context.newPage();
    await page.goto(`${t.url}/`);
    await launcherOf(page).click();
    const animation = await chatOf(page).locator(".panel").evaluate((el) => getComputedStyle(el).animationName);
    expect(animation).toBe("none");
  });

  it("shows a staff reply as from clinic staff, with an unread count while the panel is closed", async () => {
    await newPage();
    await launcherOf(page).click();
    await ask(page, "hello");
    // Wait for the last reply of the turn (the greeting), so only the staff line counts as unread.
    await botSays(page, /What would you like to know/);
    await page.keyboard.press("Escape");
    const user = await (await chatFrame(page)).evaluate(() => sessionStorage.getItem("consultBot.visitorId"));
    const adapter = t.app.sockets;
    expect(adapter.deliver(user!, { type: "message", text: "Hi, this is Ana from the clinic.", kind: "staff" })).toBe(true);
    await chatOf(page).getByRole("button", { name: "Chat with us 1 new message" }).waitFor();
    await launcherOf(page).click();
    const staff = chatOf(page).locator(".msg.staff", { hasText: "Hi, this is Ana from the clinic." });
    await staff.waitFor();
    expect(await staff.locator(".who").textContent()).toBe("Clinic staff");
  });
});

describe("the widget when the connection drops", () => {
  it("says so when a message cannot be sent, reconnects, and carries on over the socket", async () => {
    // Both apps share one store, as two processes of the bot share Redis.
    const kv = new MemoryKv();
    const shared = new Proxy(kv, { get: (target, prop) => (prop === "close" ? async () => {} : Reflect.get(target, prop)) });
    let t = await startTestApp({}, { kv: shared });
    const port = new URL(t.url).port;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const posts: string[] = [];
      page.on("request", (r) => {
        if (r.url().endsWith("/api/messages")) posts.push(r.method());
      });
      await page.goto(`${t.url}/`);
      await launcherOf(page).click();
      await ask(page, "how long does it last");
      await botSays(page, effectsAnswer());
      expect(posts).toEqual([]); // the socket carried it
      const user = (await (await chatFrame(page)).evaluate(() => sessionStorage.getItem("consultBot.visitorId")))!;

      await t.close();
      await ask(page, "what are the side effects");
      await chatOf(page).locator(".msg.notice", { hasText: /couldn't reach/ }).waitFor();

      t = await startTestApp({ PORT: port }, { kv: shared });
      const adapter = t.app.sockets;
      // The widget reconnects by itself (backoff from about a second) and asks for the history on the new socket.
      await expect.poll(() => adapter.isConnected(user), { timeout: 10_000 }).toBe(true);
      const sent = posts.length;
      await ask(page, "what are the side effects");
      await botSays(page, /nausea|dizz/i);
      expect(posts.length).toBe(sent);
      // Nothing was shown twice by the history merge.
      const texts = (await bubbles(page)).filter((b) => b.who === "bot").map((b) => b.text);
      expect(new Set(texts).size).toBe(texts.length);
    } finally {
      await browser.close();
      await t.close();
    }
  });
});

describe("the widget over the rate limit", () => {
  it("shows the limit's message, crisis line included", async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: "2" });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${t.url}/`);
      await launcherOf(page).click();
      await ask(page, "hello");
      await botSays(page, /.+/);
      await ask(page, "what are the side effects");
      await botSays(page, /nausea|dizz/i);
      await ask(page, "how long does it last");
      await chatOf(page).locator(".msg.notice", { hasText: RATE_LIMITED_MESSAGE }).waitFor();
      expect(RATE_LIMITED_MESSAGE).toContain("call or text 988");
    } finally {
      await browser.close();
      await t.close();
    }
  });
});
