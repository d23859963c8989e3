import { browserLanguage, inBrowserLanguage, injectedConfig } from "./config.js";
import { COMPACT_QUERY, FRAME_SOURCE, parseHostLayout, type FrameStateMessage } from "./frame-messages.js";
import { loadVisitor } from "./session.js";
import { ChatWidget } from "./widget.js";

/**
 * Entry point of `/widget/frame.js`, the script of the chat frame (`/widget/frame` on the
 * bot's origin) that `/widget.js` places on a clinic's page. The chat runs here, with the
 * visitor id in this origin's sessionStorage, so the clinic page's scripts never see it.
 * The frame tells the page (the origin named by `?host=`, checked against the browser's
 * own record of who framed it) when the panel opens or closes, so the iframe is resized.
 */

/** The embedding page's origin: `?host=`, when it is a web origin and agrees with the browser's ancestor list. */
function hostOrigin(): string | undefined {
  const claimed = new URLSearchParams(location.search).get("host");
  if (!claimed) return undefined;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return undefined;
  }
  if (origin === "null") return undefined;
  const ancestors = location.ancestorOrigins; // Chromium and Safari; Firefox relies on CSP frame-ancestors alone
  if (ancestors && ancestors.length > 0 && ancestors[0] !== origin) return undefined;
  return origin;
}

const config = injectedConfig();
if (!config) {
  console.warn("Consult bot widget: the chat frame must be served by the bot (/widget/frame).");
} else {
  const host = hostOrigin();
  const framed = window.parent !== window && host !== undefined;
  // Margins around the closed launcher: its 20 px offset plus room for its shadow and focus ring.
  const MARGIN = 28;
  let widget: ChatWidget | undefined;
  const report = (open: boolean, launcher: DOMRect): void => {
    if (!framed) return;
    const message: FrameStateMessage = {
      source: FRAME_SOURCE,
      type: "state",
      open,
      launcher: { width: launcher.width + 20 + MARGIN, height: launcher.height + 20 + MARGIN },
    };
    window.parent.postMessage(message, host);
  };
  window.addEventListener("message", (event) => {
    if (!framed || event.source !== window.parent || event.origin !== host) return;
    const layout = parseHostLayout(event.data);
    if (layout) widget?.setCompact(layout.compact);
  });
  const mountPoint = document.createElement("div");
  document.body.append(mountPoint);
  // The first line follows the browser's language; the bot then follows the visitor's words or choice.
  const language = browserLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
  document.documentElement.lang = language;
  widget = new ChatWidget(mountPoint.attachShadow({ mode: "open" }), inBrowserLanguage(config, language), loadVisitor(), location.origin, language, report);
  // Framed, the page said how wide it is (and says so again on a change); opened on its own, its own width decides.
  widget.setCompact(framed ? new URLSearchParams(location.search).get("compact") === "1" : matchMedia(COMPACT_QUERY).matches);
  widget.announce();
}
