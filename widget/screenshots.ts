import { mkdirSync } from "node:fs";
import type { FrameLocator, Page } from "playwright-core";
import { parseConfig } from "../src/config.js";
import { loadContent } from "../src/content.js";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logging/logger.js";
import { launchBrowser } from "../tests/helpers/browser.js";

/**
 * Regenerates the screenshots in docs/images (`npx tsx widget/screenshots.ts`): the sample
 * clinic page with the widget open, on a desktop and on a 360 px phone.
 */
const OUT = "docs/images";

/** The chat inside the frame /widget.js places on the page. */
const chat = (page: Page): FrameLocator => page.frameLocator("iframe[data-consult-bot]");

async function say(page: Page, text: string, reply: RegExp): Promise<void> {
  const input = chat(page).getByRole("textbox", { name: "Type your message" });
  await input.fill(text);
  await input.press("Enter");
  await chat(page).locator(".msg.bot", { hasText: reply }).last().waitFor({ timeout: 10_000 });
}

async function main(): Promise<void> {
  const config = parseConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" });
  const app = await createApp(config, loadContent(config), { logger: createLogger("silent") });
  const url = `http://127.0.0.1:${await app.listen()}`;
  const browser = await launchBrowser();
  try {
    mkdirSync(OUT, { recursive: true });
    const desktop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await desktop.goto(url);
    await chat(desktop).getByRole("button", { name: "Chat with us" }).click();
    await say(desktop, "how long does it last", /few days to a few weeks/);
    await desktop.screenshot({ path: `${OUT}/widget-desktop.png` });

    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await phone.goto(url);
    await chat(phone).getByRole("button", { name: "Chat with us" }).click();
    await say(phone, "book a free consult", /time zone/i);
    await chat(phone).getByRole("button", { name: "Pacific" }).click();
    await chat(phone).locator(".msg.bot", { hasText: /Pick one/ }).waitFor({ timeout: 10_000 });
    await phone.screenshot({ path: `${OUT}/widget-phone.png` });
    console.log(`wrote ${OUT}/widget-desktop.png and ${OUT}/widget-phone.png`);
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
