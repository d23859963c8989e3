import type { AuditEntry } from "../../state/audit-log.js";
import { html, type SafeHtml } from "../html.js";
import { formatTime } from "./format.js";

const ACTION_LABELS: Readonly<Record<AuditEntry["action"], string>> = {
  "view-transcript": "Viewed transcript",
  "export-text": "Exported transcript (text)",
  "export-json": "Exported transcript (JSON)",
  "reveal-phone": "Showed full phone number",
  claim: "Claimed",
  reply: "Replied",
  resolve: "Resolved",
  keep: "Kept beyond retention",
  unkeep: "Released to normal retention",
  "sign-in": "Signed in",
  "sign-out": "Signed out",
  "mark-call": "Marked a consult call",
  "cancel-call": "Cancelled a consult call",
  "move-call": "Moved a consult call",
  propose: "Proposed a knowledge-base change",
  approve: "Approved a knowledge-base change",
  reject: "Rejected a knowledge-base change",
  "sign-in-failed": "Sign-in failed",
  "sign-in-delayed": "Sign-ins delayed after failures",
  "sign-in-refused": "Sign-in refused",
  "account-created": "Account created",
  "account-changed": "Account changed",
  "password-reset": "Password reset (sessions ended)",
  "account-disabled": "Account disabled (sessions ended)",
  "account-enabled": "Account enabled",
  "audit-export": "Exported the audit log",
};

/** Audit entries as a table, newest first. */
export function auditTable(entries: readonly AuditEntry[], timeZone: string, options: { showConversation: boolean }): SafeHtml {
  if (entries.length === 0) return html`<p class="card">No entries.</p>`;
  return html`<table class="rows">
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th>${options.showConversation ? html`<th scope="col">Conversation</th>` : ""}</tr></thead>
<tbody>${entries.map(
    (e) => html`<tr><td data-label="When">${formatTime(e.at, timeZone)}</td><td data-label="Who">${e.staff}</td><td data-label="Action">${ACTION_LABELS[e.action]}${e.subject ? ` (${e.subject})` : ""}${e.detail ? html`<br><span class="hint">${e.detail}</span>` : ""}</td>${
      options.showConversation
        ? html`<td data-label="Conversation">${
            e.handoffId
              ? html`<a href="/staff/handoffs/${encodeURIComponent(e.handoffId)}">${e.person ?? "handoff"}</a>`
              : e.proposalId
                ? html`<a href="/staff/review#p-${e.proposalId}">proposal</a>`
                : (e.person ?? "")
          }</td>`
        : ""
    }</tr>`,
  )}</tbody>
</table>`;
}
