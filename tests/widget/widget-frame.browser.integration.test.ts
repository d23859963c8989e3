import { createServer, type Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../helpers/browser.js";
import { startTestApp, testContent, type TestApp } from "../helpers/test-app.js";
import { botSays, chatFrame, FRAME_SELECTOR, inputOf, launcherOf } from "./widget-page.js";

/** The curated web answer of faq/effects-duration.yaml, first sentence. */
const effectsAnswer = () => testContent().kb.faq.get("effects-duration")!.answers.web.split(". ")[0]!;

/** A clinic's own website: one page that embeds the widget with the script tag clinics use. */
async function clinicSite(botUrl: () => string, hostname: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(
      `<!doctype html><html lang="en"><head><title>Clinic site</title></head><body><main><h1>Our clinic</h1></main><script src="${botUrl()}/widget.js" async></script></body></html>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  return { server, url: `http://${hostname}:${typeof address === "object" && address ? address.port : 0}` };
}

/**
 * The widget on a clinic's site runs in a frame of the bot's origin: the site's own scripts
 * (or any script injected into it) cannot read the visitor id, the conversation, or ask the
 * bot for it; and a site not in ALLOWED_ORIGINS cannot show the chat at all.
 */
describe("the widget frame on a clinic's site", () => {
  let t: TestApp;
  let browser: Browser;
  let allowed: { server: Server; url: string };
  let other: { server: Server; url: string };

  beforeAll(async () => {
    // Allowed: another port of 127.0.0.1 (another origin, the same site, like www. and chat. of one clinic).
    // Not allowed: localhost (another origin and another site).
    [allowed, other, browser] = await Promise.all([clinicSite(() => t.url, "127.0.0.1"), clinicSite(() => t.url, "localhost"), launchBrowser()]);
    t = await startTestApp({ ALLOWED_ORIGINS: allowed.url });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await Promise.all([allowed, other].map(({ server }) => new Promise((r) => server.close(r))));
  });

  async function chatOnClinicSite(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${allowed.url}/`);
    await launcherOf(page).click();
    await inputOf(page).fill("how long does it last");
    await inputOf(page).press("Enter");
    await botSays(page, effectsAnswer());
    return page;
  }

  it("chats inside an iframe of the bot's origin, sandboxed and titled, and a reload keeps the conversation", async () => {
    const page = await chatOnClinicSite();
    const frame = page.locator(FRAME_SELECTOR);
    expect(await frame.getAttribute("sandbox")).toContain("allow-scripts allow-same-origin allow-forms");
    expect(await frame.getAttribute("title")).toBe(`Chat with ${testContent().clinic.name}`);
    expect(new URL((await chatFrame(page)).url()).origin).toBe(t.url);
    // Open, the frame is the panel's size; closed, only the launcher's.
    const open = (await frame.boundingBox())!;
    expect(open.height).toBeGreaterThan(500);
    await page.keyboard.press("Escape");
    await expect.poll(async () => (await frame.boundingBox())!.height, { timeout: 10_000 }).toBeLessThan(150);
    await page.reload();
    await launcherOf(page).click();
    await botSays(page, effectsAnswer());
    await page.close();
  });

  it("keeps the visitor id from the host page's scripts, and the bot refuses them the history", async () => {
    const page = await chatOnClinicSite();
    const visitorId = await (await chatFrame(page)).evaluate(() => sessionStorage.getItem("consultBot.visitorId"));
    expect(visitorId).toMatch(/^[0-9a-f-]{36}$/);
    // The id is real: the bot's own origin gets this conversation with it.
    const own = await fetch(`${t.url}/api/history`, { headers: { origin: t.url, "x-visitor-id": visitorId! } });
    expect(own.status).toBe(200);
    expect(JSON.stringify(await own.json())).toContain("how long does it last");

    // What a script on the clinic's page can see or do.
    const seen = await page.evaluate(
      async ({ botUrl, id, selector }) => {
        const frame = document.querySelector<HTMLIFrameElement>(selector)!;
        let frameStorage = "readable";
        try {
          void frame.contentWindow!.sessionStorage;
        } catch (err) {
          frameStorage = (err as Error).name;
        }
        const attempt = async (init: RequestInit) => {
          try {
            const res = await fetch(`${botUrl}/api/history`, init);
            return `status ${res.status}: ${await res.text()}`;
          } catch (err) {
            return `blocked: ${(err as Error).name}`;
          }
        };
        const socket = await new Promise<string>((resolve) => {
          const ws = new WebSocket(`${botUrl.replace(/^http/, "ws")}/ws`);
          ws.onopen = () => resolve("open");
          ws.onerror = () => resolve("refused");
        });
        return {
          hostStorage: JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }),
          dom: document.documentElement.outerHTML,
          contentDocument: frame.contentDocument === null ? "null" : "readable",
          frameStorage,
          historyWithHeader: await attempt({ headers: { "x-visitor-id": id } }),
          historyNoCors: await attempt({ mode: "no-cors", headers: { "x-visitor-id": id } }),
          socket,
        };
      },
      { botUrl: t.url, id: visitorId!, selector: FRAME_SELECTOR },
    );
    expect(seen.hostStorage).not.toContain(visitorId);
    expect(seen.dom).not.toContain(visitorId);
    expect(seen.contentDocument).toBe("null");
    expect(seen.frameStorage).toBe("SecurityError");
    // Even with the right id: the preflight is refused (403, no CORS grant), so the browser sends nothing.
    expect(seen.historyWithHeader).toBe("blocked: TypeError");
    // no-cors drops the custom header, and the answer is opaque to the page anyway.
    expect(seen.historyNoCors).toMatch(/^status 0: $/);
    expect(seen.socket).toBe("refused");
    await page.close();
  });

  it("cannot be framed by a site not in ALLOWED_ORIGINS (CSP frame-ancestors)", async () => {
    const page = await browser.newPage();
    const refusals: string[] = [];
    page.on("console", (msg) => {
      if (/frame-ancestors/.test(msg.text())) refusals.push(msg.text());
    });
    await page.goto(`${other.url}/`);
    await page.locator(FRAME_SELECTOR).waitFor({ state: "attached" });
    await expect.poll(() => refusals.length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(refusals[0]).toContain(allowed.url);
    // The frame never reports ready, so the script leaves it hidden, and nothing of the chat loaded in it.
    expect(await page.locator(FRAME_SELECTOR).evaluate((el) => getComputedStyle(el).visibility)).toBe("hidden");
    expect(await launcherOf(page).count()).toBe(0);
    await page.close();
  });
});
