import type { Frame, FrameLocator, Locator, Page } from "playwright-core";

/**
 * Driving the widget the way a person does: by roles and accessible names, inside the chat
 * frame that /widget.js places on the page (Playwright's role and CSS selectors pierce the
 * frame's open shadow root).
 */
export const FRAME_SELECTOR = "iframe[data-consult-bot]";
/** The chat inside its frame. */
export const chatOf = (page: Page): FrameLocator => page.frameLocator(FRAME_SELECTOR);
/** The chat frame itself, for script run inside it (its sessionStorage, its focus). */
export async function chatFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector(FRAME_SELECTOR, { state: "attached" })).contentFrame();
  if (!frame) throw new Error("the widget's iframe has no frame");
  return frame;
}
export const launcherOf = (page: Page): Locator => chatOf(page).getByRole("button", { name: "Chat with us" });
export const panelOf = (page: Page, clinicName: string): Locator => chatOf(page).getByRole("dialog", { name: clinicName });
export const inputOf = (page: Page): Locator => chatOf(page).getByRole("textbox", { name: "Type your message" });
export const logOf = (page: Page): Locator => chatOf(page).getByRole("log", { name: "Conversation" });
export const choicesOf = (page: Page): Locator => chatOf(page).getByRole("group", { name: "Suggested replies" }).getByRole("button");

/** Every message bubble in the panel (restored and new), as shown text without the screen-reader prefix. */
export async function bubbles(page: Page): Promise<{ who: string; text: string }[]> {
  return chatOf(page).locator(".msg").evaluateAll((nodes) =>
    nodes.map((n) => {
      const who = ["person", "bot", "staff", "notice"].find((c) => n.classList.contains(c)) ?? "?";
      const clone = n.cloneNode(true) as HTMLElement;
      clone.querySelectorAll(".sr-only, .who").forEach((s) => s.remove());
      return { who, text: (clone.textContent ?? "").trim() };
    }),
  );
}

/** What has keyboard focus, looking into the chat frame and its shadow root: its accessible label or text. */
export async function focused(page: Page): Promise<string> {
  const inFrame = await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, FRAME_SELECTOR);
  if (!inFrame) return page.evaluate(() => (document.activeElement && document.activeElement !== document.body ? (document.activeElement.textContent ?? "").trim() : "(page)"));
  return (await chatFrame(page)).evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return "(page)";
    const labelled = el.getAttribute("aria-label");
    if (labelled) return labelled;
    if (el.id && el.getRootNode() instanceof ShadowRoot) {
      const label = (el.getRootNode() as ShadowRoot).querySelector(`label[for="${el.id}"]`);
      if (label) return label.textContent ?? "";
    }
    return (el.textContent ?? "").trim();
  });
}

/** Presses a key until focus lands on `name` (at most `limit` times). */
export async function tabTo(page: Page, name: string | RegExp, key = "Tab", limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    const now = await focused(page);
    if (typeof name === "string" ? now === name : name.test(now)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`focus never reached ${String(name)} with ${key}; it is on ${await focused(page)}`);
}

/** Waits until a bot bubble contains `text`. */
export async function botSays(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  await chatOf(page).locator(".msg.bot, .msg.staff", { hasText: text }).last().waitFor({ timeout });
}
