import { describe, expect, it } from "vitest";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { InsightsStore } from "../../src/insights/insights-store.js";
import { buildReport, reportCsv } from "../../src/insights/report.js";
import { groupQuestions } from "../../src/insights/unanswered-groups.js";
import { staleEntries } from "../../src/insights/stale-entries.js";
import type { TurnEvent } from "../../src/insights/turn-event.js";
import type { Handoff } from "../../src/domain/handoff.js";
import type { FaqEntry, KnowledgeBase } from "../../src/knowledge/types.js";

const DAY = "2026-11-30";
const ev = (conv: string, over: Partial<TurnEvent>): TurnEvent => ({ v: 1, at: `${DAY}T18:00:00.000Z`, day: DAY, hour: 10, channel: "web", conv: conv.padEnd(22, "x"), first: false, outcome: "answered", faqIds: [], ...over });
const handoff = (over: Partial<Handoff>): Handoff => ({ id: "h", conversationId: "web:x", channel: "web", reason: "crisis", urgency: "urgent", status: "claimed", createdAt: `${DAY}T18:00:00.000Z`, updatedAt: `${DAY}T18:00:00.000Z`, ...over });

describe("the insights report", () => {
  it("computes rates, the funnel, the median time to claim an urgent handoff, and exports CSV", async () => {
    const store = new InsightsStore(new MemoryKv(), 86_400_000);
    let id = 0;
    const rec = (e: TurnEvent) => store.record(e, String(id++));
    await rec(ev("a", { first: true, faqIds: ["side-effects"] }));
    await rec(ev("a", { faqIds: ["side-effects"] }));
    await rec(ev("b", { first: true, outcome: "suggestions" }));
    await rec(ev("b", { suggestionChosen: true, faqIds: ["cost-and-insurance"] }));
    await rec(ev("c", { first: true, outcome: "fallback" }));
    await rec(ev("c", { outcome: "second-miss", handoff: { reason: "not-understood", urgency: "normal" } }));
    await rec(ev("d", { first: true, outcome: "booking", intent: "book", bookingStep: "zone" }));
    await rec(ev("d", { outcome: "booking", bookingStep: "pick" }));
    await rec(ev("d", { outcome: "booking", booking: "booked" }));
    await rec(ev("e", { channel: "sms", first: true, outcome: "crisis", handoff: { reason: "crisis", urgency: "urgent" } }));
    const handoffs = [
      handoff({ claimedAt: `${DAY}T18:04:00.000Z` }),
      handoff({ createdAt: `${DAY}T19:00:00.000Z`, claimedAt: `${DAY}T19:10:00.000Z` }),
      handoff({ createdAt: `${DAY}T20:00:00.000Z`, status: "open" }),
      handoff({ urgency: "normal", claimedAt: `${DAY}T23:00:00.000Z` }),
    ];
    const report = await buildReport({ insights: store, handoffs: async () => handoffs, faqIds: ["side-effects", "cost-and-insurance"], timeZone: "America/Los_Angeles" }, { from: DAY, to: DAY, channel: "all" });
    expect(report).toMatchObject({ conversations: 5, messages: 10, answered: 3, notUnderstood: 3, answeredRate: 0.5, suggestionsOffered: 1, suggestionsChosen: 1, suggestionSuccess: 1, crisis: 1, medianUrgentClaimMinutes: 7, urgentClaimed: 2, bookings: { booked: 1, moved: 0, cancelled: 0 } });
    expect(report.funnel.map((f) => f.conversations)).toEqual([5, 2, 1, 1, 1, 1]);
    expect(report.topEntries).toEqual([{ id: "side-effects", count: 2 }, { id: "cost-and-insurance", count: 1 }]);
    expect(report.hours[10]).toBe(10);
    expect(report.handoffs).toEqual([{ reason: "crisis", urgent: 1, normal: 0 }, { reason: "not-understood", urgent: 0, normal: 1 }]);
    const web = await buildReport({ insights: store, handoffs: async () => [], faqIds: [], timeZone: "America/Los_Angeles" }, { from: DAY, to: DAY, channel: "web" });
    expect(web).toMatchObject({ conversations: 4, messages: 9, crisis: 0 });
    const csv = reportCsv(report);
    expect(csv).toContain("answered rate,0.500\r\n");
    expect(csv).toContain("median minutes to claim an urgent handoff,7\r\n");
  });

  it("groups unanswered questions that read alike and ranks their closest entries", () => {
    const q = (text: string, closest: { id: string; score: number }[] = []) => ({ id: text, at: `${DAY}T18:00:00.000Z`, day: DAY, channel: "web" as const, text, closest });
    const words = (s: string) => new Set(s.toLowerCase().split(/\W+/).filter(Boolean));
    const jaccard = (a: string, b: string) => {
      const x = words(a), y = words(b);
      return [...x].filter((w) => y.has(w)).length / new Set([...x, ...y]).size;
    };
    const groups = groupQuestions([q("is there parking", [{ id: "clinic-location", score: 0.3 }]), q("is there parking nearby", [{ id: "clinic-location", score: 0.1 }]), q("can my dog come")], jaccard);
    expect(groups.map((g) => g.questions.length)).toEqual([2, 1]);
    expect(groups[0]!.closest).toEqual([{ id: "clinic-location", score: 0.2 }]);
  });

  it("lists entries whose reviewed date is older than the limit, oldest first", () => {
    const entry = (id: string, reviewed: string) => ({ id, topic: id, questions: [], answers: { sms: "", web: "" }, sources: [], reviewed }) as FaqEntry;
    const kb: KnowledgeBase = { faq: new Map([["a", entry("a", "2026-01-01")], ["b", entry("b", "2026-11-01")], ["c", entry("c", "2025-06-01")]]), intents: new Map() };
    expect(staleEntries(kb, new Date(`${DAY}T00:00:00Z`), 180).map((e) => e.id)).toEqual(["c", "a"]);
  });
});
