import type { Handoff } from "../domain/handoff.js";
import type { ConversationMessenger } from "../domain/outbound.js";
import type { Logger } from "../logging/logger.js";
import type { Store } from "../state/store.js";
import type { ClaimHandoffOutcome, ResolveHandoffOutcome } from "../state/handoffs.js";
import type { ConversationState } from "../state/conversation-state.js";
import { newConversationState } from "../state/conversation-state.js";

/** Longest staff reply: ten SMS segments, and far more than a chat message needs. */
export const MAX_STAFF_REPLY_LENGTH = 1600;

export type StaffReplyOutcome =
  | { readonly kind: "sent"; readonly handoff: Handoff }
  /** Nothing reached the person (no open chat window, opted out of texts, SMS failed); nothing was recorded. */
  | { readonly kind: "notDelivered"; readonly reason: string; readonly handoff: Handoff }
  | { readonly kind: "claimedByOther"; readonly handoff: Handoff }
  | { readonly kind: "resolved"; readonly handoff: Handoff }
  | { readonly kind: "notFound" };

/**
 * What staff do with a handoff: claim it (the bot goes quiet in the conversation), answer
 * the person on their channel, resolve it (the bot takes over again), keep it past the
 * retention period. Changes to the conversation happen under its lock, so they never
 * interleave with one of the person's turns.
 */
export class HandoffDesk {
  constructor(
    private readonly store: Pick<Store, "handoffs" | "conversations" | "transcripts" | "locks">,
    private readonly messenger: ConversationMessenger,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(handoffId: string, staff: string, options: { takeOver?: boolean } = {}): Promise<ClaimHandoffOutcome> {
    const found = await this.store.handoffs.get(handoffId);
    if (!found) return { kind: "notFound" };
    return this.store.locks.withLock(found.conversationId, () => this.claimLocked(handoffId, staff, options));
  }

  async resolve(handoffId: string, staff: string, note: string): Promise<ResolveHandoffOutcome> {
    const found = await this.store.handoffs.get(handoffId);
    if (!found) return { kind: "notFound" };
    return this.store.locks.withLock(found.conversationId, async () => {
      const outcome = await this.store.handoffs.resolve(handoffId, staff, note, this.now());
      if (outcome.kind !== "resolved") return outcome;
      const state = await this.store.conversations.load(found.conversationId);
      if (state && (state.takeover?.handoffId === handoffId || state.handoffId === handoffId)) {
        const { takeover, handoffId: open, ...rest } = state;
        await this.store.conversations.save({
          ...rest,
          ...(takeover && takeover.handoffId !== handoffId ? { takeover } : {}),
          ...(open && open !== handoffId ? { handoffId: open } : {}),
          updatedAt: this.now().toISOString(),
        });
      }
      return outcome;
    });
  }

  /** Keeps the handoff and its conversation's transcript for good, or returns both to the retention period. */
  async keep(handoffId: string, kept: boolean): Promise<Handoff | null> {
    const handoff = await this.store.handoffs.setKept(handoffId, kept, this.now());
    if (handoff) await this.store.transcripts.setKept(handoff.conversationId, kept);
    return handoff;
  }

  /**
   * Sends a staff member's message to the person and records it in the transcript. An open
   * handoff is claimed first, so the bot stops answering before the person reads a human.
   */
  async reply(handoffId: string, staff: string, text: string): Promise<StaffReplyOutcome> {
    const claim = await this.claim(handoffId, staff);
    if (claim.kind !== "claimed") return claim;
    const handoff = claim.handoff;
    const delivery = await this.messenger.deliver(handoff.conversationId, { kind: "staff", text, intent: "staff-reply" });
    if (delivery.kind !== "delivered") {
      this.logger.warn({ handoffId, conversationId: handoff.conversationId, reason: delivery.reason }, "staff reply not delivered");
      return { kind: "notDelivered", reason: delivery.reason, handoff };
    }
    await this.store.locks.withLock(handoff.conversationId, async () => {
      await this.store.transcripts.append(handoff.conversationId, [
        { at: this.now().toISOString(), from: "staff", channel: handoff.channel, text, kind: "staff", staff },
      ]);
      // The person has now heard from a person: the bot's "a staff member is answering" would only repeat it.
      const state = await this.store.conversations.load(handoff.conversationId);
      if (state?.takeover?.handoffId === handoffId && !state.takeover.told) {
        await this.store.conversations.save({ ...state, takeover: { ...state.takeover, told: true } });
      }
    });
    return { kind: "sent", handoff };
  }

  private async claimLocked(handoffId: string, staff: string, options: { takeOver?: boolean }): Promise<ClaimHandoffOutcome> {
    const now = this.now();
    const outcome = await this.store.handoffs.claim(handoffId, staff, now, options);
    if (outcome.kind !== "claimed") return outcome;
    const { handoff } = outcome;
    const state: ConversationState =
      (await this.store.conversations.load(handoff.conversationId)) ?? newConversationState(handoff.conversationId, handoff.channel, now);
    const current = state.takeover;
    if (current?.handoffId === handoffId && current.staff === staff && state.handoffId === handoffId) return outcome;
    await this.store.conversations.save({
      ...state,
      handoffId,
      // The person is told once per handoff; a colleague taking over does not repeat it.
      takeover: { handoffId, staff, since: current?.handoffId === handoffId ? current.since : now.toISOString(), told: current?.handoffId === handoffId && current.told },
      updatedAt: now.toISOString(),
    });
    return outcome;
  }
}
