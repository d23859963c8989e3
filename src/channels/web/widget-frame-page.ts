import type { RequestHandler } from "express";
import escapeHtml from "escape-html";
import { normaliseOrigin } from "../../http/origin-check.js";
import type { WidgetConfig } from "./widget-route.js";

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * The chat frame's Content-Security-Policy. `frame-ancestors` names who may show the chat:
 * the bot itself and ALLOWED_ORIGINS, so no other site can frame it (and dress it up).
 * Scripts come only from the bot; requests go only to the bot (its websocket included).
 */
export function widgetFramePolicy(allowedOrigins: readonly string[], socketOrigin: string): string {
  const ancestors = ["'self'", ...allowedOrigins.map(normaliseOrigin).filter((o): o is string => o !== undefined)];
  return [
    "default-src 'none'",
    "script-src 'self'",
    // The chat's styles are a constructed stylesheet in its shadow root; older browsers get a <style> element.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data:",
    `connect-src 'self'${socketOrigin ? ` ${socketOrigin}` : ""}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors.join(" ")}`,
  ].join("; ");
}

/**
 * `GET /widget/frame`: the page inside the iframe that `/widget.js` places on a clinic's
 * site. It holds no inline script: the chat is `/widget/frame.js` from this origin, and the
 * visitor id stays in this origin's sessionStorage, out of the clinic page's reach.
 */
export function widgetFramePage(config: WidgetConfig, allowedOrigins: readonly string[]): RequestHandler {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Chat with ${escapeHtml(config.clinicName)}</title>
<script src="/widget/frame.js" defer></script>
</head>
<body></body>
</html>
`;
  return (req, res) => {
    // The websocket's origin, as the browser reached this page (a proxy terminating TLS sets X-Forwarded-Proto).
    const host = req.get("host") ?? "";
    // Only a plain host[:port] goes into the policy (a header is not to be trusted to be one).
    const socketOrigin = HOST.test(host) ? `${req.protocol === "https" ? "wss" : "ws"}://${host}` : "";
    res.set({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-cache",
      "Content-Security-Policy": widgetFramePolicy(allowedOrigins, socketOrigin),
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    res.end(html);
  };
}
