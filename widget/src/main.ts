import { browserLanguage, inBrowserLanguage, injectedConfig, type WidgetConfig } from "./config.js";
import { loadVisitor } from "./session.js";
import { ChatWidget } from "./widget.js";

/**
 * Entry point of `/widget.js`. One `<script src="https://bot.example/widget.js" async>`
 * on any page adds the chat: the bot's address comes from the script's own src.
 */

const HOST_ATTRIBUTE = "data-consult-bot";

// document.currentScript is only set while the script first runs, so read it now.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : findScript();

function findScript(): HTMLScriptElement | null {
  const scripts = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return scripts[scripts.length - 1] ?? null;
}

function mount(config: WidgetConfig, botOrigin: string): void {
  if (document.querySelector(`[${HOST_ATTRIBUTE}]`)) return; // the tag was added twice
  const host = document.createElement("div");
  host.setAttribute(HOST_ATTRIBUTE, "");
  document.body.append(host);
  // The first line follows the browser's language; the bot then follows the visitor's words or choice.
  const language = browserLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
  new ChatWidget(host.attachShadow({ mode: "open" }), inBrowserLanguage(config, language), loadVisitor(), botOrigin, language);
}

const config = injectedConfig();
if (!config || !script?.src) {
  console.warn("Consult bot widget: load it with <script src=\"https://<your bot>/widget.js\" async></script>.");
} else {
  const botOrigin = new URL(script.src, location.href).origin;
  if (document.body) mount(config, botOrigin);
  else document.addEventListener("DOMContentLoaded", () => mount(config, botOrigin), { once: true });
}
