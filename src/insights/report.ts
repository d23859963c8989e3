import { DateTime } from "luxon";
import type { Handoff } from "../domain/handoff.js";
import type { InsightsStore } from "./insights-store.js";
import { allCounterNames, FUNNEL_STAGES } from "./metrics.js";
import { HANDOFF_REASONS, REPORT_CHANNELS, type ReportChannel } from "./catalogue.js";

/** The period and channel a report covers; days are the clinic's local days, inclusive. */
export interface ReportQuery {
  readonly from: string;
  readonly to: string;
  readonly channel: ReportChannel | "all";
}

/** What the insights page shows. Rates are fractions (0 to 1) or null when there is nothing to divide. */
export interface InsightsReport {
  readonly query: ReportQuery;
  readonly days: readonly string[];
  readonly conversations: number;
  readonly messages: number;
  /** Questions answered from the knowledge base, of the questions the bot tried to answer (answered + not understood). */
  readonly answeredRate: number | null;
  readonly fallbackRate: number | null;
  readonly answered: number;
  readonly notUnderstood: number;
  readonly suggestionsOffered: number;
  readonly suggestionsChosen: number;
  readonly suggestionSuccess: number | null;
  readonly handoffs: readonly { reason: string; urgent: number; normal: number }[];
  readonly crisis: number;
  readonly checkIns: number;
  /** Median minutes from an urgent handoff to its claim by staff (handoffs still in the store), and how many it is over. */
  readonly medianUrgentClaimMinutes: number | null;
  readonly urgentClaimed: number;
  readonly bookings: { readonly booked: number; readonly moved: number; readonly cancelled: number };
  readonly funnel: readonly { stage: (typeof FUNNEL_STAGES)[number]; conversations: number }[];
  /** Messages per local hour, 0 to 23. */
  readonly hours: readonly number[];
  readonly topEntries: readonly { id: string; count: number }[];
  readonly perDay: readonly { day: string; conversations: number; messages: number }[];
}

/** Most days one report covers. */
export const MAX_REPORT_DAYS = 366;

/** The clinic-local days from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const start = DateTime.fromISO(from, { zone: "utc" });
  const end = DateTime.fromISO(to, { zone: "utc" });
  const days: string[] = [];
  for (let d = start; d <= end && days.length < MAX_REPORT_DAYS; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return days;
}

/** Builds the report from the daily counters and the handoffs still in the store. */
export async function buildReport(
  deps: { insights: InsightsStore; handoffs: () => Promise<readonly Handoff[]>; faqIds: readonly string[]; timeZone: string },
  query: ReportQuery,
): Promise<InsightsReport> {
  const days = daysBetween(query.from, query.to);
  const channels = query.channel === "all" ? REPORT_CHANNELS : [query.channel];
  const names = allCounterNames(deps.faqIds);
  const [totals, perDay, handoffs] = await Promise.all([
    deps.insights.counters(days, channels, names),
    Promise.all(days.map(async (day) => ({ day, counts: await deps.insights.counters([day], channels, ["messages", "conv:conversation"]) }))),
    deps.handoffs(),
  ]);
  const n = (name: string) => totals.get(name) ?? 0;
  const answered = n("outcome:answered");
  const notUnderstood = n("outcome:fallback") + n("outcome:suggestions") + n("outcome:second-miss");
  const tried = answered + notUnderstood;
  const suggestionsOffered = n("outcome:suggestions");
  const suggestionsChosen = n("suggestion-chosen");

  const inPeriod = new Set(days);
  const claimMinutes = handoffs
    .filter((h) => h.urgency === "urgent" && h.claimedAt && (query.channel === "all" || h.channel === query.channel))
    .filter((h) => inPeriod.has(DateTime.fromISO(h.createdAt, { zone: deps.timeZone }).toISODate() ?? ""))
    .map((h) => (Date.parse(h.claimedAt!) - Date.parse(h.createdAt)) / 60_000)
    .sort((a, b) => a - b);

  return {
    query,
    days,
    conversations: n("conv:conversation"),
    messages: n("messages"),
    answered,
    notUnderstood,
    answeredRate: tried > 0 ? answered / tried : null,
    fallbackRate: tried > 0 ? notUnderstood / tried : null,
    suggestionsOffered,
    suggestionsChosen,
    suggestionSuccess: suggestionsOffered > 0 ? Math.min(1, suggestionsChosen / suggestionsOffered) : null,
    handoffs: HANDOFF_REASONS.map((reason) => ({ reason, urgent: n(`handoff:${reason}:urgent`), normal: n(`handoff:${reason}:normal`) })).filter((h) => h.urgent + h.normal > 0),
    crisis: n("outcome:crisis"),
    checkIns: n("outcome:check-in"),
    medianUrgentClaimMinutes: median(claimMinutes),
    urgentClaimed: claimMinutes.length,
    bookings: { booked: n("booking:booked"), moved: n("booking:moved"), cancelled: n("booking:cancelled") },
    funnel: FUNNEL_STAGES.map((stage) => ({ stage, conversations: n(`conv:${stage}`) })),
    hours: Array.from({ length: 24 }, (_, h) => n(`hour:${String(h).padStart(2, "0")}`)),
    topEntries: deps.faqIds
      .map((id) => ({ id, count: n(`faq:${id}`) }))
      .filter((e) => e.count > 0)
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id))
      .slice(0, 10),
    perDay: perDay.map(({ day, counts }) => ({ day, conversations: counts.get("conv:conversation") ?? 0, messages: counts.get("messages") ?? 0 })),
  };
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}

/** The report as CSV: one `metric,value` row per figure (rates as fractions), for spreadsheets. */
export function reportCsv(report: InsightsReport): string {
  const rows: [string, string | number][] = [
    ["from", report.query.from],
    ["to", report.query.to],
    ["channel", report.query.channel],
    ["conversations", report.conversations],
    ["messages", report.messages],
    ["answered", report.answered],
    ["not understood", report.notUnderstood],
    ["answered rate", rate(report.answeredRate)],
    ["fallback rate", rate(report.fallbackRate)],
    ["suggestions offered", report.suggestionsOffered],
    ["suggestions chosen", report.suggestionsChosen],
    ["suggestion success", rate(report.suggestionSuccess)],
    ["crisis", report.crisis],
    ["check-ins", report.checkIns],
    ["median minutes to claim an urgent handoff", report.medianUrgentClaimMinutes ?? ""],
    ["urgent handoffs claimed", report.urgentClaimed],
    ["bookings made", report.bookings.booked],
    ["bookings moved", report.bookings.moved],
    ["bookings cancelled", report.bookings.cancelled],
    ...report.handoffs.flatMap((h): [string, number][] => [[`handoffs ${h.reason} urgent`, h.urgent], [`handoffs ${h.reason} normal`, h.normal]]),
    ...report.funnel.map((f): [string, number] => [`funnel ${f.stage}`, f.conversations]),
    ...report.hours.map((c, h): [string, number] => [`messages at ${String(h).padStart(2, "0")}:00`, c]),
    ...report.topEntries.map((e): [string, number] => [`asked ${e.id}`, e.count]),
    ...report.perDay.flatMap((d): [string, number][] => [[`conversations ${d.day}`, d.conversations], [`messages ${d.day}`, d.messages]]),
  ];
  return ["metric,value", ...rows.map(([k, v]) => `${csvCell(k)},${csvCell(String(v))}`)].join("\r\n") + "\r\n";
}

function rate(r: number | null): string {
  return r === null ? "" : r.toFixed(3);
}

/** Quotes a cell when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
