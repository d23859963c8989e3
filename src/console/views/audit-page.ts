import type { AuditEntry } from "../../state/audit-log.js";
import { html, type SafeHtml } from "../html.js";
import { layout, type PageFrame } from "./layout.js";
import { auditTable } from "./audit-table.js";

/** `/staff/audit`: who viewed, exported or changed which conversation. */
export function auditPage(m: { frame: PageFrame; entries: readonly AuditEntry[]; timeZone: string; limit: number }): SafeHtml {
  return layout(
    { ...m.frame, nav: "audit" },
    html`<h1>Audit log</h1>
<p class="hint">Every view and export of a transcript, and every claim, reply, resolution and keep, newest first (the latest ${m.limit}).</p>
${auditTable(m.entries, m.timeZone, { showConversation: true })}`,
  );
}
