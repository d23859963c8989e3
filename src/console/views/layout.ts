import { html, type SafeHtml } from "../html.js";

export type NavItem = "queue" | "bookings" | "audit" | "insights" | "review";

export interface PageFrame {
  readonly title: string;
  readonly clinicName: string;
  /** The signed-in staff member; absent on the sign-in page. */
  readonly staff?: { readonly email: string; readonly csrf: string; readonly roles?: readonly string[] };
  readonly nav?: NavItem;
}

/** The console's page shell: header with navigation and sign-out, then `body`; signed-in pages load the live-update script. */
export function layout(frame: PageFrame, body: SafeHtml): SafeHtml {
  const link = (item: NavItem, href: string, label: string) =>
    html`<a href="${href}"${frame.nav === item ? html` aria-current="page"` : ""}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title} - ${frame.clinicName} staff console</title>
<link rel="stylesheet" href="/staff/console.css">
${frame.staff ? html`<script src="/staff/console.js" defer></script>` : ""}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="bar">
  <span class="brand">${frame.clinicName} - staff console</span>
  ${
    frame.staff
      ? html`<nav aria-label="Console">${link("queue", "/staff/queue", "Queue")} ${link("bookings", "/staff/bookings", "Call list")} ${link("audit", "/staff/audit", "Audit log")}${frame.staff.roles?.includes("admin") ? html` ${link("insights", "/staff/insights", "Insights")}` : ""}${frame.staff.roles?.some((r) => r === "admin" || r === "clinician") ? html` ${link("review", "/staff/review", "Review")}` : ""}</nav>
  <label class="sound" hidden><input type="checkbox" id="sound"> Sound on urgent</label>
  <span class="who">Signed in as ${frame.staff.email}</span>
  <form method="post" action="/staff/logout"><input type="hidden" name="_csrf" value="${frame.staff.csrf}"><button type="submit">Sign out</button></form>`
      : ""
  }
</div></header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

/** A notice above a page's content. */
export function notice(kind: "ok" | "error" | "info", text: string | SafeHtml): SafeHtml {
  return html`<p class="notice ${kind}" role="${kind === "error" ? "alert" : "status"}">${text}</p>`;
}
