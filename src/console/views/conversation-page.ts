import type { TranscriptEntry } from "../../domain/transcript.js";
import type { Handoff } from "../../domain/handoff.js";
import { html, type SafeHtml } from "../html.js";
import { layout, type PageFrame } from "./layout.js";
import { personLabel } from "./format.js";
import { transcriptList } from "./transcript-list.js";

/** `/staff/conversations/:id`: one conversation's transcript, with a link to its open handoff. */
export function conversationPage(m: { frame: PageFrame; conversationId: string; transcript: readonly TranscriptEntry[]; handoff: Handoff | null; timeZone: string }): SafeHtml {
  return layout(
    { ...m.frame, title: "Conversation", nav: "bookings" },
    html`<p><a href="/staff/bookings">&larr; Back to the call list</a></p>
<h1>Conversation: ${personLabel(m.conversationId)}</h1>
${m.handoff ? html`<p class="notice info" role="status">This conversation is waiting for staff: <a href="/staff/handoffs/${encodeURIComponent(m.handoff.id)}">open the handoff</a> to reply.</p>` : ""}
<p class="hint">${m.transcript.length} message${m.transcript.length === 1 ? "" : "s"}, oldest first, times in ${m.timeZone}.</p>
${transcriptList(m.transcript, m.timeZone)}`,
  );
}
