import { COMPACT_QUERY, FRAME_PATH, FRAME_SOURCE, OPEN_FRAME, parseFrameState, type HostLayoutMessage } from "./frame-messages.js";

/**
 * Entry point of `/widget.js`, the one `<script src="https://bot.example/widget.js" async>`
 * a clinic adds to its pages. It only places an iframe of `/widget/frame` on the bot's
 * origin: the chat, its visitor id and its requests live in that frame, out of reach of
 * the page's own scripts. The frame tells this script when the panel opens or closes, and
 * the iframe is resized to match.
 */

const HOST_ATTRIBUTE = "data-consult-bot";

// Supplied by the wrapper the server puts around the bundle (src/channels/web/widget-route.ts).
declare const __consultBotConfig: { readonly clinicName: string } | undefined;

// document.currentScript is only set while the script first runs, so read it now.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : findScript();

function findScript(): HTMLScriptElement | null {
  const scripts = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return scripts[scripts.length - 1] ?? null;
}

function mount(botOrigin: string, clinicName: string): void {
  if (document.querySelector(`[${HOST_ATTRIBUTE}]`)) return; // the tag was added twice
  const compact = matchMedia(COMPACT_QUERY);
  const src = new URL(FRAME_PATH, botOrigin);
  src.searchParams.set("host", location.origin);
  // The first layout, so a panel reopened after a reload on a phone fills the screen at once.
  if (compact.matches) src.searchParams.set("compact", "1");
  const frame = document.createElement("iframe");
  frame.setAttribute(HOST_ATTRIBUTE, "");
  frame.src = src.href;
  frame.title = `Chat with ${clinicName}`;
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox");
  frame.referrerPolicy = "origin";
  Object.assign(frame.style, {
    position: "fixed",
    right: "0",
    bottom: "0",
    width: "0",
    height: "0",
    border: "0",
    margin: "0",
    padding: "0",
    background: "transparent",
    colorScheme: "normal",
    zIndex: "2147483000",
    // Hidden until the frame says it is ready: a site the bot does not allow (CSP frame-ancestors) shows nothing.
    visibility: "hidden",
  } satisfies Partial<CSSStyleDeclaration>);
  let open = false;
  let launcher = { width: 0, height: 0 };

  const layout = (): void => {
    if (open) {
      frame.style.width = compact.matches ? "100vw" : `min(${OPEN_FRAME.width}px, 100vw)`;
      frame.style.height = compact.matches ? "100vh" : `min(${OPEN_FRAME.height}px, 100vh)`;
    } else {
      frame.style.width = `${Math.ceil(launcher.width)}px`;
      frame.style.height = `${Math.ceil(launcher.height)}px`;
    }
  };
  const tellLayout = (): void => {
    const message: HostLayoutMessage = { source: FRAME_SOURCE, type: "layout", compact: compact.matches };
    frame.contentWindow?.postMessage(message, botOrigin);
  };

  window.addEventListener("message", (event) => {
    // Only the frame we placed, on the bot's origin, may resize it.
    if (event.source !== frame.contentWindow || event.origin !== botOrigin) return;
    const state = parseFrameState(event.data);
    if (!state) return;
    open = state.open;
    launcher = state.launcher;
    layout();
    if (frame.style.visibility === "hidden") {
      frame.style.visibility = "visible";
      tellLayout();
    }
  });
  compact.addEventListener("change", () => {
    layout();
    tellLayout();
  });
  document.body.append(frame);
}

const clinicName = typeof __consultBotConfig === "undefined" ? undefined : __consultBotConfig.clinicName;
if (clinicName === undefined || !script?.src) {
  console.warn("Consult bot widget: load it with <script src=\"https://<your bot>/widget.js\" async></script>.");
} else {
  const botOrigin = new URL(script.src, location.href).origin;
  if (document.body) mount(botOrigin, clinicName);
  else document.addEventListener("DOMContentLoaded", () => mount(botOrigin, clinicName), { once: true });
}
