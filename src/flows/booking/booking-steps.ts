import type { Reply } from "../../domain/message.js";
import type { SmsSender } from "../../domain/outbound.js";
import type { TurnContext } from "../../pipeline/context.js";
import type { Booking, Hold, SchedulingAdapter, Slot } from "../../scheduling/scheduling-adapter.js";
import type { ReminderQueue } from "../../scheduling/reminders/reminder-queue.js";
import type { BookingLedger } from "../../scheduling/booking-ledger.js";
import { zoneName } from "../../scheduling/format-slot.js";
import { endDialog, writeData, type BookingData, type BookingStep } from "./dialog-data.js";
import { isNo, isYes, wantsOtherName, wantsOtherPhone, wantsOtherTime, wantsOtherTimes } from "./dialog-words.js";
import { parseZone } from "./time-zones.js";
import { DateTime } from "luxon";
import { describePreference, fitsPreference, parsePreference, type TimePreference } from "./time-preference.js";
import { chooseSlots, resolvePick } from "./slot-choice.js";
import { findName, findPhone } from "../../text/contact-parsing.js";
import { textFor } from "./booking-text.js";

/** What the booking dialog needs beyond the turn's services. */
export interface BookingFlowDeps {
  readonly scheduler: SchedulingAdapter;
  readonly reminders: ReminderQueue;
  readonly sms: SmsSender;
  /** What staff see of bookings in the console. */
  readonly ledger: BookingLedger;
}

/** Whether a step could use the person's message. */
export type Handled = "handled" | "unknown";

/**
 * The steps of booking a new call (time zone, slots, contact details, confirmation) and
 * the helpers every step shares. {@link BookingFlow} puts them behind the Flow interface.
 */
export abstract class BookingSteps {
  constructor(protected readonly deps: BookingFlowDeps) {}

  protected async onZone(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const said = ctx.inbound.text;
    const zone = said.startsWith("zone:") ? said.slice(5) : parseZone(said);
    const pref = parsePreference(said, ctx.services.now(), zone ?? ctx.services.clinic.timeZone);
    if (pref) data.wanted = said.slice(0, 300);
    if (!zone) {
      if (!pref) return "unknown";
      return this.done(this.ask(ctx, "zone", data, textFor(ctx).askZone(true)));
    }
    data.zone = zone;
    data.zoneGuessed = false;
    await this.offer(ctx, data);
    return "handled";
  }

  protected async onPick(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const said = ctx.inbound.text;
    const zone = this.zoneOf(ctx, data);
    const pick = this.pickFrom(ctx, said, data.offered ?? [], zone);
    if (pick) return this.done(this.pickSlot(ctx, data, pick));
    if (this.switchZone(ctx, data) && !parsePreference(said, ctx.services.now(), data.zone!)) {
      await this.offer(ctx, data);
      return "handled";
    }
    const pref = parsePreference(said, ctx.services.now(), this.zoneOf(ctx, data));
    if (pref) {
      data.wanted = said.slice(0, 300);
      await this.offer(ctx, data);
      return "handled";
    }
    if (wantsOtherTimes(said) || isNo(said)) return this.done(this.ask(ctx, "pick", { ...data, offered: [] }, textFor(ctx).askWhen()));
    return "unknown";
  }

  protected async onContact(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const said = ctx.inbound.text;
    const phone = findPhone(said);
    const name = findName(said);
    if (phone.kind === "none" && !name) {
      // A new time while giving details: the person changed their mind about the slot.
      const pref = parsePreference(said, ctx.services.now(), this.zoneOf(ctx, data));
      if (pref) return this.done(this.changeTime(ctx, data, said));
      return "unknown";
    }
    if (name) data.name = name;
    if (phone.kind === "valid") data.phone = phone.e164;
    if (phone.kind === "invalid") return this.done(this.ask(ctx, "contact", data, textFor(ctx).badPhone()));
    await this.next(ctx, data);
    return "handled";
  }

  protected async onConfirm(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const said = ctx.inbound.text;
    const lower = said.toLowerCase();
    if (said === "confirm:change") return this.done(this.ask(ctx, "confirm", data, textFor(ctx).whatToChange()));
    if (said === "confirm:notexts" || /\b(no|without|don'?t|do not|not) (texts?|sms|messages?|text me)\b|\b(sin|no) (textos?|mensajes?|sms)\b/.test(lower)) {
      data.textsOk = false;
      return this.done(this.finish(ctx, data));
    }
    if (said === "confirm:texts" || isYes(said)) {
      if (ctx.inbound.channel !== "sms") data.textsOk = true;
      return this.done(this.finish(ctx, data));
    }
    const phone = findPhone(said);
    if (phone.kind === "valid") {
      data.phone = phone.e164;
      return this.done(this.next(ctx, data));
    }
    if (phone.kind === "invalid") return this.done(this.ask(ctx, "contact", data, textFor(ctx).badPhone()));
    if (wantsOtherPhone(said)) {
      const { phone: _dropped, ...rest } = data;
      return this.done(this.ask(ctx, "contact", rest, textFor(ctx).askPhone()));
    }
    const named = /\b(my name is|my name's|name is|call me|it's|i'm)\b/i.test(said) ? findName(said) : null;
    if (named) {
      data.name = named;
      return this.done(this.next(ctx, data));
    }
    if (wantsOtherName(said)) {
      const { name: _dropped, ...rest } = data;
      return this.done(this.ask(ctx, "contact", rest, textFor(ctx).askName()));
    }
    const zone = this.zoneOf(ctx, data);
    const pick = this.pickFrom(ctx, said, data.offered ?? [], zone);
    if (pick && pick.start !== data.hold?.start) return this.done(this.pickSlot(ctx, data, pick));
    if (this.switchZone(ctx, data) && !parsePreference(said, ctx.services.now(), data.zone!)) return this.done(this.next(ctx, data));
    if (parsePreference(said, ctx.services.now(), zone)) return this.done(this.changeTime(ctx, data, said));
    if (wantsOtherTime(said) || wantsOtherTimes(said)) return this.done(this.ask(ctx, "pick", { ...data, offered: [] }, textFor(ctx).askWhen()));
    if (isNo(said)) return this.done(this.ask(ctx, "confirm", data, textFor(ctx).whatToChange()));
    return "unknown";
  }

  /** "actually make it 3pm": same day as the held slot unless another day is named. */
  protected async changeTime(ctx: TurnContext, data: BookingData, said: string): Promise<void> {
    const zone = this.zoneOf(ctx, data);
    const pref = parsePreference(said, ctx.services.now(), zone);
    if (data.hold) await this.deps.scheduler.releaseHold(data.hold);
    const { hold: _released, ...rest } = data;
    let wanted = said.slice(0, 300);
    if (pref && !pref.days && data.hold) wanted = `${wanted} on ${new Date(data.hold.start).toLocaleDateString("en-US", { timeZone: zone, month: "short", day: "numeric" })}`;
    await this.offer(ctx, { ...rest, wanted });
  }

  /** Shows up to three slots for the person's preference (or holds the one exact time they named). */
  protected async offer(ctx: TurnContext, data: BookingData, apology = ""): Promise<void> {
    const { clinic, now } = ctx.services;
    const zone = this.zoneOf(ctx, data);
    const at = now();
    const pref = data.wanted ? parsePreference(data.wanted, at, zone) : null;
    const horizonEnd = at.getTime() + clinic.consult.horizonDays * 86_400_000;
    // Look where the person wants first (a cheaper query under load); the whole horizon only when that has too little.
    const near = nearRange(pref, at, zone, horizonEnd);
    let listed = near ? await this.deps.scheduler.availableSlots(near) : null;
    let choice = listed?.kind === "slots" ? chooseSlots(listed.slots, pref, zone) : null;
    if (!listed || listed.kind === "unavailable" || !choice?.matched || (choice.slots.length < 3 && pref?.at == null)) {
      listed = await this.deps.scheduler.availableSlots({ from: at, to: new Date(horizonEnd) });
      if (listed.kind === "unavailable") return this.fail(ctx, data, "down", listed.reason);
      if (listed.slots.length === 0) return this.fail(ctx, data, "none", "no free slot in the horizon");
      choice = chooseSlots(listed.slots, pref, zone);
    }
    if (pref?.at != null && pref.days?.from === pref.days?.to && choice.matched && choice.slots[0] && !apology) {
      return this.pickSlot(ctx, data, choice.slots[0]);
    }
    const text = textFor(ctx);
    let lead = !pref
      ? text.leadNext()
      : choice.matched
        ? text.leadMatched(describePreference(pref, zone, at, text.words))
        : text.leadNearest(describePreference(pref, zone, at, text.words));
    if (data.mode === "reschedule" && data.target && !apology && !pref) lead = textFor(ctx).moveWhen(data.target.start, zone);
    if (apology) lead = `${apology} ${lead}`;
    const note = data.zoneGuessed ? textFor(ctx).guessedZoneNote(zone) : null;
    const next: BookingData = { ...data, zone, zoneGuessed: false, offered: choice.slots.map((s) => ({ start: s.start, end: s.end })) };
    this.ask(ctx, "pick", next, textFor(ctx).offer(choice.slots, zone, lead, note));
  }

  protected async pickSlot(ctx: TurnContext, data: BookingData, slot: Slot): Promise<void> {
    const { scheduler } = this.deps;
    if (data.hold && data.hold.start !== slot.start) await scheduler.releaseHold(data.hold);
    if (data.hold?.start === slot.start && Date.parse(data.hold.expiresAt) > ctx.services.now().getTime()) return this.next(ctx, data);
    const held = await scheduler.hold(slot.start);
    if (held.kind === "unavailable") return this.fail(ctx, data, "down", held.reason);
    if (held.kind === "slotTaken") {
      const { hold: _gone, ...rest } = data;
      return this.offer(ctx, rest, textFor(ctx).slotJustTaken());
    }
    const next: BookingData = { ...data, hold: { ...held.hold } };
    if (ctx.inbound.channel === "sms" && !next.phone) next.phone = ctx.inbound.senderId;
    const question = this.nextQuestion(ctx, next);
    if (question.step === "contact") {
      this.ask(ctx, "contact", next, textFor(ctx).held(held.hold, this.zoneOf(ctx, next), ctx.services.clinic.consult.holdMinutes, question.reply));
    } else {
      this.ask(ctx, question.step, next, question.reply);
    }
  }

  /** Asks whatever is still missing, or for confirmation when nothing is. */
  protected async next(ctx: TurnContext, data: BookingData): Promise<void> {
    if (!data.hold) return this.offer(ctx, data);
    const question = this.nextQuestion(ctx, data);
    this.ask(ctx, question.step, data, question.reply);
  }

  protected nextQuestion(ctx: TurnContext, data: BookingData): { step: BookingStep; reply: Reply } {
    if (data.mode === "reschedule" && data.target && data.hold) return { step: "confirm", reply: textFor(ctx).confirmMove(data.target.start, data.hold, this.zoneOf(ctx, data)) };
    if (!data.name && !data.phone) return { step: "contact", reply: textFor(ctx).askNameAndPhone() };
    if (!data.name) return { step: "contact", reply: textFor(ctx).askName() };
    if (!data.phone) return { step: "contact", reply: textFor(ctx).askPhone(data.name) };
    return { step: "confirm", reply: this.confirmReply(ctx, data) };
  }

  protected confirmReply(ctx: TurnContext, data: BookingData): Reply {
    const fromSender = ctx.inbound.channel === "sms" && data.phone === ctx.inbound.senderId;
    return textFor(ctx).confirm(data.hold!, this.zoneOf(ctx, data), data.name!, data.phone!, ctx.inbound.channel, fromSender, ctx.services.clinic.consult.reminderMinutesBefore);
  }

  /** The person said yes: book (or move) the held slot. */
  protected async finish(ctx: TurnContext, data: BookingData): Promise<void> {
    const { scheduler } = this.deps;
    let hold: Hold | undefined = data.hold;
    if (!hold) return this.offer(ctx, data);
    const attempt = (h: Hold) =>
      data.mode === "reschedule" && data.target ? scheduler.reschedule(data.target.id, h) : scheduler.book(h, this.contactOf(ctx, data));
    let outcome = await attempt(hold);
    if (outcome.kind === "holdExpired") {
      // The hold ran out while the person read or answered: take the slot again if it is still free.
      const again = await scheduler.hold(hold.start);
      if (again.kind === "held") {
        hold = again.hold;
        outcome = await attempt(hold);
      } else {
        outcome = again.kind === "slotTaken" ? { kind: "slotTaken" } : again;
      }
    }
    const { hold: _spent, ...rest } = data;
    switch (outcome.kind) {
      case "booked":
        return this.booked(ctx, data, outcome.booking);
      case "slotTaken":
      case "holdExpired":
        return this.offer(ctx, rest, textFor(ctx).slotJustTaken());
      case "notFound":
        endDialog(ctx);
        ctx.replies.push(textFor(ctx).noneFound(false));
        return;
      case "unavailable":
        return this.fail(ctx, rest, "down", outcome.reason);
    }
  }

  protected async booked(ctx: TurnContext, data: BookingData, booking: Booking): Promise<void> {
    const { clinic, now, logger } = ctx.services;
    const minutes = clinic.consult.reminderMinutesBefore;
    const zone = this.zoneOf(ctx, data);
    try {
      if (data.target && data.target.id !== booking.id) await this.deps.reminders.cancel(data.target.id);
      await this.deps.reminders.schedule(booking, minutes, now(), ctx.state.language);
    } catch (err) {
      logger.error({ err, bookingId: booking.id }, "booking: scheduling the reminder failed");
    }
    try {
      if (data.target && data.target.id !== booking.id) await this.deps.ledger.record({ ...booking, id: data.target.id, start: data.target.start }, "rescheduled");
      await this.deps.ledger.record(booking, data.mode === "reschedule" ? "moved" : "booked");
    } catch (err) {
      logger.error({ err, bookingId: booking.id }, "booking: recording the booking for staff failed");
    }
    // SMS bookers read the confirmation in their thread; web visitors who agreed get a text.
    if (booking.textTo && ctx.inbound.channel !== "sms") {
      const body = data.mode === "reschedule" ? textFor(ctx).movedSms(booking, zone, booking.phone) : textFor(ctx).confirmationSms(booking, zone, booking.phone, minutes);
      const sent = await this.deps.sms.send(booking.textTo, body, "confirmation");
      if (sent.kind !== "sent") logger.warn({ bookingId: booking.id, outcome: sent.kind }, "booking: confirmation text not sent");
    }
    endDialog(ctx);
    ctx.state.offer = undefined;
    (ctx.facts ??= {}).booking = data.mode === "reschedule" ? "moved" : "booked";
    logger.info({ bookingId: booking.id, mode: data.mode, channel: ctx.inbound.channel }, data.mode === "reschedule" ? "consult moved" : "consult booked");
    ctx.replies.push(
      data.mode === "reschedule"
        ? textFor(ctx).moved(booking, zone, booking.phone, booking.textTo !== null, minutes)
        : textFor(ctx).booked(booking, zone, booking.phone, booking.textTo !== null, minutes),
    );
  }

  protected contactOf(ctx: TurnContext, data: BookingData) {
    const sms = ctx.inbound.channel === "sms";
    return {
      name: data.name!,
      phone: data.phone!,
      timeZone: this.zoneOf(ctx, data),
      // On SMS the person is texting us already; on the web only with their agreement.
      textTo: sms ? ctx.inbound.senderId : data.textsOk && ctx.inbound.channel === "web" ? data.phone! : null,
      channel: ctx.inbound.channel,
      conversationId: ctx.inbound.conversationId,
    };
  }


  // --- Shared ----------------------------------------------------------------------------

  /** An offered slot the message picks; "monday at 9am" is no pick of Friday's 9:00 AM. */
  protected pickFrom(ctx: TurnContext, said: string, offered: readonly Slot[], zone: string): Slot | null {
    const pick = resolvePick(said, offered, zone);
    if (!pick || said.startsWith("slot:")) return pick;
    const pref = parsePreference(said, ctx.services.now(), zone);
    if (pref?.days && !fitsPreference(pick.start, { ...pref, at: null, after: null, before: null }, zone)) return null;
    return pick;
  }

  /** "I'm actually in Chicago": a new zone for everything shown from now on. */
  protected switchZone(ctx: TurnContext, data: BookingData): boolean {
    const zone = parseZone(ctx.inbound.text);
    if (!zone || zone === data.zone) return false;
    data.zone = zone;
    data.zoneGuessed = false;
    return true;
  }

  protected zoneOf(ctx: TurnContext, data: Pick<BookingData, "zone">): string {
    return data.zone ?? ctx.services.clinic.timeZone;
  }

  protected ask(ctx: TurnContext, step: BookingStep, data: BookingData, reply: Reply): void {
    writeData(ctx, step, { ...data, misses: 0 });
    ctx.replies.push(reply);
  }

  protected async done(work: Promise<void> | void): Promise<Handled> {
    await work;
    return "handled";
  }

  /** The scheduler is down or has nothing: say so honestly and hand the request to staff. */
  protected async fail(ctx: TurnContext, data: BookingData, why: "down" | "none", reason: string): Promise<void> {
    const reply = why === "down" ? textFor(ctx).schedulerDown() : textFor(ctx).noSlots(ctx.services.clinic.consult.horizonDays);
    await this.handOver(ctx, data, reply, reason);
  }

  protected async handOver(ctx: TurnContext, data: BookingData, reply: Reply, reason: string): Promise<void> {
    if (data.hold) await this.deps.scheduler.releaseHold(data.hold);
    const zone = data.zone ? ` (${zoneName(data.zone)})` : "";
    const details = `Wants the free phone consult (${data.mode}). Preferred times: ${data.wanted ? `"${data.wanted}"` : "not given"}${zone}.`;
    ctx.services.logger.warn({ mode: data.mode, reason }, "booking handed to staff");
    const handoff = await ctx.services.handoffs.open({ conversationId: ctx.inbound.conversationId, channel: ctx.inbound.channel, reason: "booking-problem", details });
    ctx.state.handoffId = handoff.id;
    endDialog(ctx);
    ctx.replies.push({ ...reply, kind: "handoff", intent: "handoff" });
  }
}

/**
 * The days a preference points at (or the next three days for "asap" and no preference),
 * in the person's zone; null when only the whole horizon will do (an exact time, any day).
 */
function nearRange(pref: TimePreference | null, now: Date, zone: string, horizonEnd: number): { from: Date; to: Date } | null {
  if (pref && (pref.days === null ? !pref.soonest && (pref.at !== null || pref.after !== null || pref.before !== null) : false)) return null;
  const from = pref?.days ? Math.max(now.getTime(), DateTime.fromISO(pref.days.from, { zone }).startOf("day").toMillis()) : now.getTime();
  const to = pref?.days ? DateTime.fromISO(pref.days.to, { zone }).endOf("day").toMillis() + 1 : now.getTime() + 3 * 86_400_000;
  const end = Math.min(to, horizonEnd);
  return end > from ? { from: new Date(from), to: new Date(end) } : null;
}
