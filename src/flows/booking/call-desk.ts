import type { ConversationMessenger, SmsSender } from "../../domain/outbound.js";
import type { Reply } from "../../domain/message.js";
import type { ClinicProfile } from "../../clinic/profile.js";
import type { Logger } from "../../logging/logger.js";
import type { BookingLedger } from "../../scheduling/booking-ledger.js";
import type { ReminderQueue } from "../../scheduling/reminders/reminder-queue.js";
import type { SchedulingAdapter, Slot } from "../../scheduling/scheduling-adapter.js";
import type { Store } from "../../state/store.js";
import type { Wording } from "../../templates.js";
import { bookingText } from "./booking-text.js";

export type CallChangeOutcome =
  /** Done; `told` says how the person heard of it (or why they did not). */
  | { readonly kind: "done"; readonly told: string }
  | { readonly kind: "notFound" }
  | { readonly kind: "slotTaken" }
  | { readonly kind: "failed"; readonly reason: string };

export interface CallDeskDeps {
  readonly scheduler: SchedulingAdapter;
  readonly reminders: ReminderQueue;
  readonly ledger: BookingLedger;
  readonly messenger: ConversationMessenger;
  readonly sms: SmsSender;
  readonly store: Pick<Store, "transcripts" | "conversations">;
  /** The bot's sentences per language: the person is told in their conversation's language. */
  readonly wording: Wording;
  readonly clinic: ClinicProfile;
  readonly logger: Logger;
  readonly now: () => Date;
}

/**
 * What staff do to a booked call from the call list: cancel it or move it. The scheduler is
 * changed first; then the reminder, the ledger (which alerts staff and refreshes consoles) and
 * the person, told on their own channel (their chat window, or a text when they agreed to texts)
 * with the line recorded in their transcript.
 */
export class CallDesk {
  constructor(private readonly deps: CallDeskDeps) {}

  /** Free slots staff can move a call to, soonest first. */
  async freeSlots(limit: number): Promise<readonly Slot[] | { readonly reason: string }> {
    const from = this.deps.now();
    const to = new Date(from.getTime() + this.deps.clinic.consult.horizonDays * 86_400_000);
    const outcome = await this.deps.scheduler.availableSlots({ from, to });
    return outcome.kind === "slots" ? outcome.slots.slice(0, limit) : { reason: outcome.reason };
  }

  async cancel(bookingId: string, staff: string): Promise<CallChangeOutcome> {
    const summary = await this.deps.ledger.get(bookingId);
    if (!summary || summary.status === "cancelled" || summary.status === "rescheduled") return { kind: "notFound" };
    const outcome = await this.deps.scheduler.cancel(bookingId);
    if (outcome.kind === "unavailable") return { kind: "failed", reason: `the calendar did not answer: ${outcome.reason}` };
    if (outcome.kind === "notFound") return { kind: "notFound" };
    await this.deps.reminders.cancel(bookingId).catch((err: unknown) => this.deps.logger.error({ err, bookingId }, "call desk: removing a reminder failed"));
    await this.deps.ledger.record(outcome.booking, "cancelled");
    this.deps.logger.info({ bookingId, staff }, "consult cancelled by staff");
    const zone = outcome.booking.timeZone;
    const told = await this.tell(summary.conversationId, outcome.booking.textTo, (await this.textFor(summary.conversationId)).staffCancelled(outcome.booking.start, zone), staff);
    return { kind: "done", told };
  }

  async move(bookingId: string, slotStart: string, staff: string): Promise<CallChangeOutcome> {
    const summary = await this.deps.ledger.get(bookingId);
    if (!summary || summary.status === "cancelled" || summary.status === "rescheduled") return { kind: "notFound" };
    const held = await this.deps.scheduler.hold(slotStart);
    if (held.kind === "slotTaken") return { kind: "slotTaken" };
    if (held.kind === "unavailable") return { kind: "failed", reason: `the calendar did not answer: ${held.reason}` };
    const outcome = await this.deps.scheduler.reschedule(bookingId, held.hold);
    if (outcome.kind !== "booked") {
      await this.deps.scheduler.releaseHold(held.hold).catch(() => undefined);
      if (outcome.kind === "notFound") return { kind: "notFound" };
      if (outcome.kind === "unavailable") return { kind: "failed", reason: `the calendar did not answer: ${outcome.reason}` };
      return { kind: "slotTaken" };
    }
    const booking = outcome.booking;
    try {
      await this.deps.reminders.cancel(bookingId);
      await this.deps.reminders.schedule(booking, this.deps.clinic.consult.reminderMinutesBefore, this.deps.now());
    } catch (err) {
      this.deps.logger.error({ err, bookingId: booking.id }, "call desk: rescheduling the reminder failed");
    }
    if (booking.id !== bookingId) await this.deps.ledger.record({ ...booking, id: bookingId, start: summary.startsAt }, "rescheduled");
    await this.deps.ledger.record(booking, "moved");
    this.deps.logger.info({ bookingId: booking.id, staff }, "consult moved by staff");
    const told = await this.tell(summary.conversationId, booking.textTo, (await this.textFor(summary.conversationId)).staffMoved(booking.start, booking.timeZone, booking.phone), staff);
    return { kind: "done", told };
  }

  /** The booking sentences in the conversation's language (English when it is unknown or the store fails). */
  private async textFor(conversationId: string) {
    const state = await this.deps.store.conversations.load(conversationId).catch(() => null);
    return bookingText(this.deps.wording[state?.language ?? "en"]);
  }

  /** Tells the person in their conversation; a web visitor whose window is closed gets a text if they agreed to texts. */
  private async tell(conversationId: string, textTo: string | null, reply: Reply, staff: string): Promise<string> {
    const words = reply.smsText ?? reply.text;
    const delivered = await this.deps.messenger.deliver(conversationId, { ...reply, kind: "staff" });
    let told: string;
    if (delivered.kind === "delivered") told = conversationId.startsWith("sms:") ? "by text" : "in their chat window";
    else if (!conversationId.startsWith("sms:") && textTo) {
      const sent = await this.deps.sms.send(textTo, words, "confirmation");
      told = sent.kind === "sent" ? "by text" : `not told: ${delivered.reason}, and the text was not sent (${sent.kind})`;
    } else told = `not told: ${delivered.reason}`;
    if (!told.startsWith("not told")) {
      const channel = conversationId.startsWith("sms:") ? "sms" : "web";
      await this.deps.store.transcripts
        .append(conversationId, [{ at: this.deps.now().toISOString(), from: "staff", channel, text: words, kind: "staff", staff }])
        .catch((err: unknown) => this.deps.logger.error({ err }, "call desk: transcript line not written"));
    }
    return told;
  }
}
