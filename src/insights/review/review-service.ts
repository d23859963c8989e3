import type { AuditLog } from "../../state/audit-log.js";
import type { StaffRole } from "../../state/staff-accounts.js";
import type { FaqEntry, KnowledgeBase } from "../../knowledge/types.js";
import { questionKey } from "../../knowledge/question-key.js";
import { readabilityProblems, validateKnowledgeBase } from "../../knowledge/validate.js";
import { maskInText } from "../../logging/mask.js";
import type { EntryDraft, Proposal, ProposalRepo } from "./proposals.js";

export type ProposeOutcome = { kind: "proposed"; proposal: Proposal } | { kind: "invalid"; problems: string[] };
export type DecideOutcome = { kind: "decided"; proposal: Proposal } | { kind: "notFound" | "notPending" | "notClinician" };

/**
 * The reviewed loop from unanswered questions to the knowledge base: admins propose ("a phrasing
 * of entry X", "a new entry" with a draft answer), clinicians approve or reject. Every proposal
 * and decision goes to the audit log. Approved phrasings go live through the store
 * (LivePhrasings); approved entries are written out by `npm run kb:export`.
 */
export class ReviewService {
  constructor(private readonly deps: { proposals: ProposalRepo; audit: AuditLog; kb: KnowledgeBase; now: () => Date }) {}

  async proposePhrasing(text: string, faqId: string, staff: string): Promise<ProposeOutcome> {
    const masked = maskInText(text.trim());
    const problems: string[] = [];
    if (masked.length < 2 || masked.length > 300) problems.push("the phrasing must be 2 to 300 characters");
    if (!this.deps.kb.faq.has(faqId)) problems.push(`there is no entry "${faqId}"`);
    const owner = this.ownerOf(masked);
    if (owner) problems.push(`"${masked}" is already a phrasing of ${owner}`);
    if (problems.length > 0) return { kind: "invalid", problems };
    return this.add({ kind: "phrasing", text: masked, faqId }, staff);
  }

  async proposeEntry(text: string, draft: EntryDraft, staff: string): Promise<ProposeOutcome> {
    const masked = maskInText(text.trim());
    const problems = draftProblems(draft, this.deps.kb);
    if (masked.length < 2 || masked.length > 300) problems.push("the question must be 2 to 300 characters");
    if (problems.length > 0) return { kind: "invalid", problems };
    return this.add({ kind: "new-entry", text: masked, draft }, staff);
  }

  /** A clinician's decision. Refused without the clinician role, whatever the caller checked. */
  async decide(id: string, decision: "approved" | "rejected", staff: { email: string; roles: readonly StaffRole[] }, note?: string): Promise<DecideOutcome> {
    if (!staff.roles.includes("clinician")) return { kind: "notClinician" };
    const outcome = await this.deps.proposals.decide(id, decision, staff.email, this.deps.now(), note?.trim() || undefined);
    if (outcome.kind === "decided") await this.deps.audit.append({ at: this.deps.now().toISOString(), staff: staff.email, action: decision === "approved" ? "approve" : "reject", proposalId: id });
    return outcome;
  }

  /** The entry that already has this phrasing (files or approved), if any. */
  private ownerOf(text: string): string | undefined {
    const key = questionKey(text);
    for (const entry of this.deps.kb.faq.values()) if (entry.questions.some((q) => questionKey(q) === key)) return `faq/${entry.id}.yaml`;
    for (const intent of this.deps.kb.intents.values()) if (intent.examples.some((q) => questionKey(q) === key)) return `intents/${intent.id}.yaml`;
    return undefined;
  }

  private async add(input: Pick<Proposal, "kind" | "text" | "faqId" | "draft">, staff: string): Promise<ProposeOutcome> {
    const proposal = await this.deps.proposals.add(input, staff, this.deps.now());
    await this.deps.audit.append({ at: this.deps.now().toISOString(), staff, action: "propose", proposalId: proposal.id });
    return { kind: "proposed", proposal };
  }
}

/**
 * What `kb:check` would say about a draft's answers: placeholders and optional segments, SMS
 * length and GSM-7 with the longest clinic facts, the curation standard's content rules and
 * forbidden claims, readability. (The phrasing count is the curator's, when the entry is written out.)
 */
export function draftProblems(draft: EntryDraft, kb: KnowledgeBase): string[] {
  const problems: string[] = [];
  if (kb.faq.has(draft.id) || kb.intents.has(draft.id)) problems.push(`the id "${draft.id}" is taken`);
  const entry = draftEntry(draft, [], new Date());
  const single: KnowledgeBase = { faq: new Map([[entry.id, entry]]), intents: new Map() };
  for (const p of [...validateKnowledgeBase(single), ...readabilityProblems(single)]) problems.push(`${p.field}: ${p.message}`);
  return problems;
}

/** A draft as a knowledge-base entry (for the checks and for kb:export). */
export function draftEntry(draft: EntryDraft, questions: readonly string[], reviewed: Date): FaqEntry {
  return {
    id: draft.id,
    topic: draft.topic,
    questions,
    answers: { sms: draft.sms.trim(), web: draft.web.trim() },
    sources: [{ ref: draft.source }],
    reviewed: reviewed.toISOString().slice(0, 10),
  };
}
