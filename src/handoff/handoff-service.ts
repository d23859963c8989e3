import { randomUUID } from "node:crypto";
import type { Handoff, HandoffReason, HandoffUrgency } from "../domain/handoff.js";
import type { ChannelKind } from "../domain/message.js";
import type { Logger } from "../logging/logger.js";
import type { HandoffRepo } from "../state/handoffs.js";
import type { WriteSpool } from "../state/spooled-writes.js";
import type { AlertOutcome, StaffAlerts } from "./handoff-notifier.js";
import { withTimeLimit } from "../util/time-limit.js";

/** An ordinary handoff waits this long for the store before it is given up (the person is told to try again). */
const SAVE_BUDGET_MS = 2000;
/**
 * A safety handoff waits this long for the store before staff are alerted anyway and the record
 * goes to the local spool: the alert must never wait on a stalled store.
 */
const URGENT_STORE_BUDGET_MS = 400;
/** A further crisis message in a conversation whose crisis handoff is open re-alerts staff, at most this often. */
export const REALERT_INTERVAL_MS = 2 * 60_000;

export interface HandoffRequest {
  conversationId: string;
  channel: ChannelKind;
  reason: HandoffReason;
  details?: string;
}

/** What raising a safety handoff did. */
export interface RaisedHandoff {
  readonly handoff: Handoff;
  /** `suppressed`: staff were alerted about this handoff less than {@link REALERT_INTERVAL_MS} ago. */
  readonly alert: AlertOutcome | "suppressed";
  /** False when the record could not be written and went to the local spool. */
  readonly saved: boolean;
}

/** Crisis is always urgent; everything else waits its turn. */
export function urgencyFor(reason: HandoffReason): HandoffUrgency {
  return reason === "crisis" ? "urgent" : "normal";
}

export interface HandoffServiceDeps {
  readonly repo: HandoffRepo;
  readonly alerts: StaffAlerts;
  readonly logger: Logger;
  readonly consoleBaseUrl: string;
  readonly now?: () => Date;
  /** Where a safety handoff goes when the store cannot take it. */
  readonly spool?: WriteSpool;
}

/**
 * Opens handoffs and alerts staff. A safety handoff (crisis, possible risk) is named before
 * the store answers, so the alert and its console link never wait on the store; when the store
 * is down or slow the record is kept in the local spool and written when the store returns,
 * which makes the alert's link work from then on.
 */
export class HandoffService {
  private readonly now: () => Date;

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Whether alerts reach a person (SMS numbers or a webhook), not only the log. */
  get alertsConfigured(): boolean {
    return this.deps.alerts.configured;
  }

  /** An ordinary handoff: saved, then staff alerted once. Throws when the store fails (the turn apologises). */
  async open(request: HandoffRequest): Promise<Handoff> {
    const outcome = await withTimeLimit(this.deps.repo.open({ ...request, urgency: urgencyFor(request.reason), now: this.now() }), SAVE_BUDGET_MS, "handoff save timed out");
    if (outcome.kind === "created" || outcome.escalated) await this.alert(outcome.handoff);
    return outcome.handoff;
  }

  /**
   * A safety handoff (crisis: urgent; possible risk: normal). Never throws. Alerts when the
   * handoff is new, when it was raised to urgent, and again on a later crisis message once
   * {@link REALERT_INTERVAL_MS} has passed since the last alert.
   */
  async raise(request: HandoffRequest, urgency: HandoffUrgency = urgencyFor(request.reason)): Promise<RaisedHandoff> {
    const now = this.now();
    const id = randomUUID();
    const write = this.deps.repo.open({ ...request, id, urgency, now });
    let handoff: Handoff;
    let shouldAlert: boolean;
    let saved = true;
    try {
      const outcome = await withTimeLimit(write, URGENT_STORE_BUDGET_MS, "handoff save timed out");
      handoff = outcome.handoff;
      shouldAlert = outcome.kind === "created" || outcome.escalated || (urgency === "urgent" && this.dueForRealert(outcome.handoff, now));
    } catch (err) {
      this.deps.logger.error({ err, conversationId: request.conversationId, reason: request.reason }, "safety handoff not saved in time: spooled, staff alerted anyway");
      const at = now.toISOString();
      handoff = { id, ...request, urgency, status: "open", createdAt: at, updatedAt: at };
      shouldAlert = true;
      saved = false;
      // A stalled write may still land later; the spooled copy has the same id, so restoring it is harmless.
      void write.catch(() => undefined);
      await this.deps.spool?.add({ kind: "handoff", handoff });
    }
    if (!shouldAlert) return { handoff, alert: "suppressed", saved };
    const alert = await this.alert(handoff);
    const alerted: Handoff = { ...handoff, alertedAt: now.toISOString(), alerts: (handoff.alerts ?? 0) + 1 };
    if (saved) void withTimeLimit(this.deps.repo.save(alerted), SAVE_BUDGET_MS).catch((err: unknown) => this.deps.logger.warn({ err }, "alert time not recorded"));
    return { handoff: alerted, alert, saved };
  }

  /** Console link for a handoff, sent in alerts. */
  linkFor(handoff: Pick<Handoff, "id">): string {
    return `${this.deps.consoleBaseUrl}/staff/handoffs/${encodeURIComponent(handoff.id)}`;
  }

  private dueForRealert(handoff: Handoff, now: Date): boolean {
    if (handoff.status === "resolved") return true;
    const last = handoff.alertedAt ? Date.parse(handoff.alertedAt) : Date.parse(handoff.createdAt);
    return now.getTime() - last >= REALERT_INTERVAL_MS;
  }

  private async alert(handoff: Handoff): Promise<AlertOutcome> {
    try {
      return await this.deps.alerts.alert(handoff, this.linkFor(handoff));
    } catch (err) {
      this.deps.logger.error({ err, handoffId: handoff.id }, "staff alert failed");
      return { sent: [], failed: ["all"] };
    }
  }
}
