import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Kv } from "../../state/kv.js";

/** Review keys: each proposal, the index of all of them (by time), and the version of the approved set. */
export const reviewKeys = {
  proposal: (id: string) => `kb:proposal:{${id}}`,
  index: () => "kb:proposals",
  learnedVersion: () => "kb:learned:version",
} as const;

const draftSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  topic: z.string().min(3).max(80),
  sms: z.string().min(20).max(1000),
  web: z.string().min(20).max(750),
  /** Where the answer's facts come from (a public reference or seed section). */
  source: z.string().min(3).max(300),
});
/** A new entry's draft: its id, topic, both answers and a source. */
export type EntryDraft = z.output<typeof draftSchema>;

export const proposalSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  kind: z.enum(["phrasing", "new-entry"]),
  /** The question as people asked it, masked (no phone numbers or emails). */
  text: z.string().min(2).max(300),
  /** `phrasing`: the entry it is a phrasing of. */
  faqId: z.string().optional(),
  /** `new-entry`: the draft answer. */
  draft: draftSchema.optional(),
  status: z.enum(["pending", "approved", "rejected"]),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  note: z.string().max(500).optional(),
});
/** A change to the knowledge base an admin proposed, waiting for (or decided by) a clinician. */
export type Proposal = z.output<typeof proposalSchema>;

/** Proposals in the store. Never expire: they are the record of what was taught and who agreed. */
export class ProposalRepo {
  constructor(private readonly kv: Kv) {}

  async add(input: Pick<Proposal, "kind" | "text" | "faqId" | "draft">, staff: string, now: Date): Promise<Proposal> {
    const proposal = proposalSchema.parse({
      v: 1,
      id: randomUUID(),
      kind: input.kind,
      text: input.text,
      ...(input.faqId ? { faqId: input.faqId } : {}),
      ...(input.draft ? { draft: input.draft } : {}),
      status: "pending",
      proposedBy: staff,
      proposedAt: now.toISOString(),
    });
    await this.kv.set(reviewKeys.proposal(proposal.id), JSON.stringify(proposal));
    await this.kv.zadd(reviewKeys.index(), now.getTime(), proposal.id);
    return proposal;
  }

  async get(id: string): Promise<Proposal | null> {
    return parse(await this.kv.get(reviewKeys.proposal(id)));
  }

  /** Saves a decision; `notPending` when someone decided first (the record is unchanged). */
  async decide(id: string, decision: "approved" | "rejected", staff: string, now: Date, note?: string): Promise<{ kind: "decided"; proposal: Proposal } | { kind: "notFound" | "notPending" }> {
    // One decision per proposal, even when two clinicians press at once in two processes.
    const token = randomUUID();
    if (!(await this.kv.set(`${reviewKeys.proposal(id)}:deciding`, token, { nx: true, ttlMs: 10_000 }))) return { kind: "notPending" };
    try {
      const current = await this.get(id);
      if (!current) return { kind: "notFound" };
      if (current.status !== "pending") return { kind: "notPending" };
      const decided: Proposal = { ...current, status: decision, decidedBy: staff, decidedAt: now.toISOString(), ...(note ? { note } : {}) };
      await this.kv.set(reviewKeys.proposal(id), JSON.stringify(decided));
      if (decision === "approved" && decided.kind === "phrasing") await this.kv.incr(reviewKeys.learnedVersion());
      return { kind: "decided", proposal: decided };
    } finally {
      await this.kv.compareAndDelete(`${reviewKeys.proposal(id)}:deciding`, token);
    }
  }

  /** Every proposal, newest first. */
  async list(limit = 1000): Promise<Proposal[]> {
    const entries = await this.kv.zrevrange(reviewKeys.index(), 0, limit - 1);
    if (entries.length === 0) return [];
    const raws = await this.kv.mget(entries.map((e) => reviewKeys.proposal(e.member)));
    return raws.map(parse).filter((p): p is Proposal => p !== null);
  }

  /** The approved phrasings, oldest first (what every process's matcher learns). */
  async approvedPhrasings(): Promise<{ text: string; faqId: string }[]> {
    return (await this.list(10_000))
      .filter((p) => p.kind === "phrasing" && p.status === "approved" && p.faqId)
      .reverse()
      .map((p) => ({ text: p.text, faqId: p.faqId! }));
  }

  /** Changes whenever a phrasing is approved; processes poll it to know when to reload. */
  async learnedVersion(): Promise<string> {
    return (await this.kv.get(reviewKeys.learnedVersion())) ?? "0";
  }
}

function parse(raw: string | null): Proposal | null {
  if (raw === null) return null;
  try {
    const parsed = proposalSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
