import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { exportApproved } from "../../src/insights/review/kb-export.js";
import { draftProblems } from "../../src/insights/review/review-service.js";
import type { Proposal } from "../../src/insights/review/proposals.js";
import { PROJECT_ROOT, readKnowledgeBase } from "../../src/knowledge/load.js";
import { readabilityProblems } from "../../src/knowledge/validate.js";
import { profileFactProblems } from "../../src/knowledge/content-rules.js";
import { loadClinicProfile } from "../../src/clinic/profile.js";

const NOW = new Date("2026-11-30T18:00:00Z");
const root = mkdtempSync(join(tmpdir(), "kb-export-"));
for (const folder of ["faq", "intents"]) cpSync(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });

const base = { v: 1 as const, proposedBy: "admin@clinic.example", proposedAt: NOW.toISOString(), decidedBy: "dr.kim@clinic.example", decidedAt: NOW.toISOString() };
const DRAFT = { id: "parking", topic: "Parking", sms: "Call us at {clinicPhone} and we can tell you about parking.", web: "We are glad to help you plan your visit. Call us at {clinicPhone} and we can tell you about parking.", source: "Clinic front desk" };
const proposals: Proposal[] = [
  { ...base, id: "1", kind: "phrasing", text: "do you validate parking for the garage", faqId: "clinic-location", status: "approved" },
  { ...base, id: "2", kind: "phrasing", text: "is there a bus stop close to you", faqId: "clinic-location", status: "approved" },
  { ...base, id: "3", kind: "phrasing", text: "can my dog come with me", faqId: "getting-home", status: "rejected" },
  { ...base, id: "4", kind: "phrasing", text: "what about wifi", faqId: "session-experience", status: "pending" },
  { ...base, id: "5", kind: "new-entry", text: "where do i park", draft: DRAFT, status: "approved" },
];

/** Everything `npm run kb:check` checks that does not need ../shared/seeds. */
function kbCheck(dir: string): string[] {
  const { kb, problems } = readKnowledgeBase(dir);
  const clinic = loadClinicProfile(join(PROJECT_ROOT, "clinic", "clinic.yaml"));
  return [...problems, ...readabilityProblems(kb), ...profileFactProblems(kb.faq.values(), clinic)].map((p) => `${p.file} ${p.field}: ${p.message}`);
}

const snapshot = (dir: string) => Object.fromEntries(readdirSync(join(dir, "faq")).map((f) => [f, readFileSync(join(dir, "faq", f), "utf8")]));

describe("npm run kb:export", () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes approved phrasings into faq/*.yaml, and the result passes kb:check", () => {
    const before = snapshot(root);
    const result = exportApproved(root, proposals, NOW);
    expect([...result.added]).toEqual([["faq/clinic-location.yaml", ["do you validate parking for the garage", "is there a bus stop close to you"]]]);
    expect(kbCheck(root)).toEqual([]);
    const { kb } = readKnowledgeBase(root);
    expect(kb.faq.get("clinic-location")?.questions).toContain("do you validate parking for the garage");
    expect(kb.faq.get("getting-home")?.questions).not.toContain("can my dog come with me");
    expect(kb.faq.get("session-experience")?.questions).not.toContain("what about wifi");
    // Only the one file changed, and only by the added lines: comments, order and quoting kept.
    const after = snapshot(root);
    for (const f of Object.keys(before)) if (f !== "clinic-location.yaml") expect(after[f]).toBe(before[f]);
    const added = after["clinic-location.yaml"]!.split("\n").filter((l) => !before["clinic-location.yaml"]!.split("\n").includes(l));
    expect(added).toEqual(["  - do you validate parking for the garage", "  - is there a bus stop close to you"]);
  });

  it("round-trips: a second export changes nothing", () => {
    const before = snapshot(root);
    const again = exportApproved(root, proposals, NOW);
    expect(again.added.size).toBe(0);
    expect(again.alreadyThere).toBe(2);
    expect(snapshot(root)).toEqual(before);
  });

  it("writes an approved new entry as a draft outside faq/, whose answers pass the checks", () => {
    expect(draftProblems(DRAFT, readKnowledgeBase(PROJECT_ROOT).kb)).toEqual([]);
    const written = parseYaml(readFileSync(join(root, "kb-drafts", "parking.yaml"), "utf8"));
    expect(written).toMatchObject({ id: "parking", topic: "Parking", questions: ["where do i park"], answers: { sms: DRAFT.sms, web: DRAFT.web }, reviewed: "2026-11-30" });
    expect(readFileSync(join(root, "kb-drafts", "parking.yaml"), "utf8")).toMatch(/^# Approved by dr\.kim@clinic\.example/);
  });

  it("refuses a draft that breaks the curation rules, naming each problem", () => {
    const problems = draftProblems({ ...DRAFT, id: "side-effects", sms: "Ketamine has an 85% success rate. Call (555) 010-0199 today — it’s great!" }, readKnowledgeBase(PROJECT_ROOT).kb);
    expect(problems.join("\n")).toMatch(/id "side-effects" is taken/);
    expect(problems.join("\n")).toMatch(/success rate/i);
    expect(problems.join("\n")).toMatch(/GSM-7|phone number/i);
  });
});
