import type { TranscriptEntry } from "../../domain/transcript.js";
import { html, type SafeHtml } from "../html.js";
import { formatClock } from "./format.js";

/** A conversation's transcript, oldest first: who, when, crisis flags, intents and FAQ entries. */
export function transcriptList(transcript: readonly TranscriptEntry[], timeZone: string): SafeHtml {
  if (transcript.length === 0) return html`<p class="card">The transcript has expired or is empty.</p>`;
  const lines = transcript.map(
    (l) => html`<li class="${l.from}${l.crisis ? " crisis" : ""}">
  <div class="meta"><span class="who">${whoLabel(l)}</span><time datetime="${l.at}">${formatClock(l.at, timeZone)}</time>${
    l.crisis ? html`<span class="badge crisis">Crisis</span>` : ""
  }${l.intent ? html`<span class="badge intent">intent: ${l.intent}</span>` : ""}${l.faqId ? html`<span class="badge intent">FAQ: ${l.faqId}</span>` : ""}</div>
  <p class="text">${l.text}</p>
</li>`,
  );
  return html`<ol class="transcript">${lines}</ol>`;
}

function whoLabel(line: TranscriptEntry): string {
  if (line.from === "person") return "Person";
  if (line.from === "staff") return `Staff${line.staff ? ` (${line.staff})` : ""}`;
  return "Assistant";
}
