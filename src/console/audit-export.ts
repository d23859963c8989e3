import type { AuditEntry, AuditLog } from "../state/audit-log.js";

const COLUMNS = ["at", "staff", "action", "person", "conversation", "handoff", "ip", "subject", "detail"] as const;

/** One CSV field: quoted when needed, and a leading = + - @ made inert for spreadsheets (formula injection). */
function field(value: string | undefined): string {
  let v = value ?? "";
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function row(e: AuditEntry): string {
  return [e.at, e.staff, e.action, e.person, e.conversationId, e.handoffId, e.ip, e.subject, e.detail].map(field).join(",");
}

/** The whole audit log still kept, oldest first, as CSV lines (header first), for an administrator's export. */
export async function* auditCsv(log: AuditLog): AsyncGenerator<string> {
  yield `${COLUMNS.join(",")}\r\n`;
  for await (const e of log.all()) yield `${row(e)}\r\n`;
}
