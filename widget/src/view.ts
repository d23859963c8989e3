import type { WidgetConfig } from "./config.js";
import { chatIcon, closeIcon, sendIcon } from "./icons.js";
import { styles } from "./styles.js";

/** The widget's elements, built once inside its shadow root. */
export interface View {
  readonly root: HTMLElement;
  readonly launcher: HTMLButtonElement;
  readonly badge: HTMLElement;
  readonly panel: HTMLElement;
  readonly close: HTMLButtonElement;
  readonly banner: HTMLElement;
  readonly scroll: HTMLElement;
  /** Messages restored from an earlier page: shown, but not announced again. */
  readonly earlier: HTMLElement;
  /** The live region: new messages are announced to screen readers. */
  readonly log: HTMLElement;
  readonly choices: HTMLElement;
  readonly typing: HTMLElement;
  readonly form: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
}

/** Who a bubble is from; `notice` is the widget itself (a refused or failed message). */
export type Speaker = "person" | "bot" | "staff" | "notice";

/** Who said it, for screen readers (visual users see it from the bubble's side and colour). */
const SPOKEN: Record<Speaker, string> = { person: "You:", bot: "Assistant:", staff: "Clinic staff:", notice: "Notice:" };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Up to two initials of the clinic's name, for the header when there is no logo. */
function monogram(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

/** Builds the launcher and the panel in `shadow`, branded from `config`. */
export function buildView(shadow: ShadowRoot, config: WidgetConfig): View {
  const root = el("div", { class: "cbw", "data-open": "false" });
  root.style.setProperty("--accent", config.colors.accent);
  root.style.setProperty("--on-accent", config.colors.onAccent);
  root.style.setProperty("--ink", config.colors.ink);

  const panel = el("section", { id: "cbw-panel", class: "panel", role: "dialog", "aria-modal": "false", "aria-labelledby": "cbw-title", "aria-describedby": "cbw-greeting" });
  panel.hidden = true;

  const head = el("header", { class: "head" });
  const logo = config.logoUrl
    ? el("img", { class: "logo", src: config.logoUrl, alt: "", referrerpolicy: "no-referrer", width: "40", height: "40" })
    : el("span", { class: "logo", "aria-hidden": "true" }, monogram(config.clinicName));
  const titles = el("div", { class: "titles" });
  titles.append(el("h2", { id: "cbw-title", class: "title" }, config.clinicName), el("p", { class: "subtitle" }, "Automated assistant"));
  const close = el("button", { type: "button", class: "close", "aria-label": "Close chat" });
  close.innerHTML = closeIcon;
  head.append(logo, titles, close);

  const banner = el("p", { class: "banner", role: "status" });
  banner.hidden = true;

  // Focusable, so keyboard users can scroll back through the conversation (and focus has
  // somewhere to go when a tapped button disappears).
  const scroll = el("div", { class: "scroll", tabindex: "0", role: "group", "aria-label": "Messages" });
  const greeting = el("div", { id: "cbw-greeting", class: "msg bot" }, config.greeting);
  const earlier = el("div", { class: "earlier" });
  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation" });
  const choices = el("div", { class: "choices", role: "group", "aria-label": "Suggested replies" });
  const typing = el("div", { class: "typing", "aria-hidden": "true" });
  typing.append(el("span"), el("span"), el("span"));
  typing.hidden = true;
  scroll.append(greeting, earlier, log, choices, typing);

  const form = el("form", { class: "compose" });
  const label = el("label", { for: "cbw-input", class: "sr-only" }, "Type your message");
  const input = el("textarea", { id: "cbw-input", class: "input", rows: "1", maxlength: "2000", placeholder: "Type your message", autocomplete: "off", enterkeyhint: "send" });
  const send = el("button", { type: "submit", class: "send", "aria-label": "Send" });
  send.innerHTML = sendIcon;
  form.append(label, input, send);

  const note = el("p", { class: "note" }, "Automated assistant, not a clinician. In an emergency, call 911. In crisis, call or text 988.");
  panel.append(head, banner, scroll, form, note);

  const launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "cbw-panel" });
  launcher.innerHTML = chatIcon;
  const badge = el("span", { class: "badge" });
  badge.hidden = true;
  launcher.append(el("span", {}, "Chat with us"), badge);

  root.append(panel, launcher);
  adoptStyles(shadow);
  shadow.append(root);
  return { root, launcher, badge, panel, close, banner, scroll, earlier, log, choices, typing, form, input };
}

/**
 * A constructed stylesheet is not inline CSS, so host pages with a strict
 * Content-Security-Policy (no 'unsafe-inline' styles) still style the widget.
 * Older browsers get a <style> element.
 */
function adoptStyles(shadow: ShadowRoot): void {
  if ("adoptedStyleSheets" in shadow && typeof CSSStyleSheet.prototype.replaceSync === "function") {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(styles);
    shadow.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement("style");
  style.textContent = styles;
  shadow.append(style);
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

/** A message bubble; web addresses in the text become links that open in a new tab. */
export function messageBubble(speaker: Speaker, text: string, kind?: string): HTMLElement {
  const bubble = el("div", { class: `msg ${speaker}${kind === "crisis" ? " crisis" : ""}` });
  bubble.append(el("span", { class: "sr-only" }, `${SPOKEN[speaker]} `));
  if (speaker === "staff") bubble.append(el("span", { class: "who", "aria-hidden": "true" }, "Clinic staff"));
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const at = match.index ?? 0;
    bubble.append(text.slice(last, at));
    const link = el("a", { href: match[0], target: "_blank", rel: "noopener noreferrer" }, match[0]);
    link.append(el("span", { class: "sr-only" }, " (opens in a new tab)"));
    bubble.append(link);
    last = at + match[0].length;
  }
  bubble.append(text.slice(last));
  return bubble;
}
