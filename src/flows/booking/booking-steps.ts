import type { Reply } from "../../domain/message.js";
import type { SmsSender } from "../../domain/outbound.js";
import type { TurnContext } from "../../pipeline/context.js";
import type { Booking, Hold, SchedulingAdapter, Slot } from "../../scheduling/scheduling-adapter.js";
import type { ReminderQueue } from "../../scheduling/reminders/reminder-queue.js";
import type { BookingLedger } from "../../scheduling/booking-ledger.js";
import { zoneName } from "../../scheduling/format-slot.js";
import { endDialog, writeData, type BookingData, type BookingStep } from "./dialog-data.js";
import { isNo, isYes, wantsOtherName, wantsOtherPhone, wantsOtherTime, wantsOtherTimes } from "./dialog-words.js";
import { parseZone, zoneFromPayload } from "./time-zones.js";
import { DateTime } from "luxon";
import { describePreference, fitsPreference, parsePreference, type TimePreference } from "./time-preference.js";
import { chooseSlots, resolvePick } from "./slot-choice.js";
import { findName, findPhone } from "../../text/contact-parsing.js";
import { textFor } from "./booking-text.js";
import { CODE_MINUTES, MAX_CODE_SENDS, MAX_CODE_TRIES, codeIn, codeMatches, newPhoneCheck, type PhoneCheck } from "./phone-check.js";
import type { BookingRef } from "./dialog-data.js";
import { addressGroup } from "../../util/address-group.js";
import { keys } from "../../state/keys.js";
import { createHash } from "node:crypto";

/** What the booking dialog needs beyond the turn's services. */
export interface BookingFlowDeps {
  readonly scheduler: SchedulingAdapter;
  readonly reminders: ReminderQueue;
  readonly sms: SmsSender;
  /** What staff see of bookings in the console. */
  readonly ledger: BookingLedger;
  /** BOOKING_HOLDS_PER_HOUR: slots one visitor (and one web address) may hold in an hour. */
  readonly holdsPerHour?: number;
}

const DEFAULT_HOLDS_PER_HOUR = 12;
const MAX_CODES_PER_NUMBER_HOUR = 5;

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
    // A button payload is the client's to forge: only a real IANA zone counts ("zone:Mars" is no zone).
    const zone = said.startsWith("zone:") ? zoneFromPayload(said.slice(5)) : parseZone(said);
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
      return this.done(this.confirmed(ctx, data));
    }
    if (said === "confirm:texts" || isYes(said)) {
      if (ctx.inbound.channel !== "sms") data.textsOk = true;
      return this.done(this.confirmed(ctx, data));
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
      ? textFor(ctx).leadNext()
      : choice.matched
        ? textFor(ctx).leadMatched(describePreference(pref, zone, at, text.words))
        : textFor(ctx).leadNearest(describePreference(pref, zone, at, text.words));
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
    if (!(await this.mayHold(ctx))) {
      endDialog(ctx);
      ctx.replies.push(textFor(ctx).tooManyHolds());
      return;
    }
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

  /** The person said yes. On the web the number must first be confirmed with a texted code. */
  protected async confirmed(ctx: TurnContext, data: BookingData): Promise<void> {
    if (this.needsPhoneCheck(ctx, data, data.phone!)) return this.startPhoneCheck(ctx, data, data.phone!, "finish");
    return this.finish(ctx, data);
  }

  protected needsPhoneCheck(ctx: TurnContext, data: BookingData, phone: string): boolean {
    return ctx.inbound.channel === "web" && !(data.verified ?? []).includes(phone);
  }

  /** Texts a one-time code to `phone` and asks for it; the clinic texts or calls a web number only once it is confirmed. */
  protected async startPhoneCheck(ctx: TurnContext, data: BookingData, phone: string, then: PhoneCheck["then"], sends = 1): Promise<void> {
    // However many chats ask, one number gets at most MAX_CODES_PER_NUMBER_HOUR codes an hour (no texting anyone at will).
    const perNumber = await ctx.services.store.kv
      .incr(keys.bookingHolds(createHash("sha256").update(`code:${phone}`).digest("base64url").slice(0, 22)), { ttlMs: 60 * 60_000 })
      .catch(() => 0);
    if (perNumber > MAX_CODES_PER_NUMBER_HOUR) return this.giveUpOnCode(ctx, data);
    const { check, code } = newPhoneCheck(ctx.inbound.conversationId, phone, then, ctx.services.now(), sends);
    const sent = await this.deps.sms.send(phone, textFor(ctx).codeSms(code, CODE_MINUTES), "verification");
    if (sent.kind === "disabled") {
      // No SMS at all in this deployment: nothing can be texted to the number, and no code either.
      // A booking goes ahead (staff will call the number given); showing or changing bookings does not.
      ctx.services.logger.warn({ then }, "booking: SMS is not configured, so a web phone number cannot be confirmed");
      return then === "finish" ? this.finish(ctx, data) : this.giveUpOnCode(ctx, data);
    }
    if (sent.kind !== "sent") {
      ctx.services.logger.warn({ outcome: sent.kind }, "booking: verification code not sent");
      const { phone: _unconfirmed, phoneCheck: _none, ...rest } = data;
      return this.ask(ctx, then === "finish" ? "contact" : "lookup", rest, textFor(ctx).codeNotSent());
    }
    this.ask(ctx, "verify-phone", { ...data, phoneCheck: check }, sends > 1 ? textFor(ctx).codeResent(phone) : textFor(ctx).askCode(phone, then === "finish" ? "book" : "manage"));
  }

  protected async onVerifyPhone(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const check = data.phoneCheck;
    if (!check) return "unknown";
    const said = ctx.inbound.text;
    const resend = async () => (check.sends >= MAX_CODE_SENDS ? this.giveUpOnCode(ctx, data) : this.startPhoneCheck(ctx, data, check.phone, check.then, check.sends + 1));
    if (said === "code:resend" || /\b(resend|send (it |the code |a code |me a code )?again|new code|another code)\b/i.test(said)) return this.done(resend());
    const code = codeIn(said);
    if (!code) return "unknown";
    const verdict = codeMatches(check, ctx.inbound.conversationId, code, ctx.services.now());
    if (verdict === "expired") return this.done(resend());
    if (verdict === "wrong") {
      const tries = check.tries + 1;
      if (tries >= MAX_CODE_TRIES) return this.done(this.giveUpOnCode(ctx, data));
      return this.done(this.ask(ctx, "verify-phone", { ...data, phoneCheck: { ...check, tries } }, textFor(ctx).codeWrong(MAX_CODE_TRIES - tries)));
    }
    const { phoneCheck: _done, ...rest } = data;
    const next: BookingData = { ...rest, verified: [...new Set([...(rest.verified ?? []), check.phone])].slice(-5) };
    ctx.services.logger.info({ then: check.then }, "booking: web phone number confirmed by code");
    return this.done(check.then === "finish" ? this.finish(ctx, next) : this.lookupVerified(ctx, next));
  }

  private async giveUpOnCode(ctx: TurnContext, data: BookingData): Promise<void> {
    if (data.hold) await this.deps.scheduler.releaseHold(data.hold);
    endDialog(ctx);
    ctx.replies.push(textFor(ctx).codeGivenUp());
  }

  /** The bookings of a number whose owner has just been confirmed (ManageSteps). */
  protected abstract lookupVerified(ctx: TurnContext, data: BookingData): Promise<void>;

  /**
   * The person's booking that stands already: by the number (only once the number is the
   * person's: the SMS sender, or confirmed by code on the web) or by this conversation.
   */
  protected async existingBooking(ctx: TurnContext, data: BookingData): Promise<{ ref: BookingRef; owned: boolean } | null> {
    const { scheduler, ledger } = this.deps;
    const now = ctx.services.now().getTime();
    const ownsPhone = ctx.inbound.channel === "sms" ? data.phone === ctx.inbound.senderId : (data.verified ?? []).includes(data.phone ?? "");
    if (data.phone) {
      const found = await scheduler.findByPhone(data.phone);
      const next = found.kind === "found" ? found.bookings.filter((b) => Date.parse(b.start) > now).sort((a, b) => a.start.localeCompare(b.start))[0] : undefined;
      if (next) return { ref: refOf(next), owned: ownsPhone || next.conversationId === ctx.inbound.conversationId };
    }
    const mine = await ledger.findByConversation(ctx.inbound.conversationId).catch(() => null);
    if (mine && mine.status !== "cancelled" && Date.parse(mine.startsAt) > now) {
      const got = await scheduler.getBooking(mine.id);
      if (got.kind === "found") return { ref: refOf(got.booking), owned: true };
    }
    return null;
  }

  protected async onExisting(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const existing = data.existing;
    if (!existing) return "unknown";
    const said = ctx.inbound.text;
    if (said === "booked:move" || isYes(said) || /\bmove\b/i.test(said)) {
      const { existing: _asked, ...rest } = data;
      return this.done(this.finish(ctx, { ...rest, mode: "reschedule", target: existing }));
    }
    if (said === "booked:keep" || isNo(said) || /\bkeep\b/i.test(said)) {
      if (data.hold) await this.deps.scheduler.releaseHold(data.hold);
      endDialog(ctx);
      ctx.replies.push(textFor(ctx).keptExisting(existing.start, this.zoneOf(ctx, data)));
      return "handled";
    }
    return "unknown";
  }

  /** The person said yes (and, on the web, confirmed the number): book (or move) the held slot. */
  protected async finish(ctx: TurnContext, data: BookingData): Promise<void> {
    const { scheduler } = this.deps;
    let hold: Hold | undefined = data.hold;
    if (!hold) return this.offer(ctx, data);
    if (data.mode === "book") {
      // One active consult per number and per visitor: a second request offers to move the first.
      const existing = await this.existingBooking(ctx, data);
      if (existing?.owned) return this.ask(ctx, "existing", { ...data, existing: existing.ref }, textFor(ctx).alreadyBooked(existing.ref.start, this.zoneOf(ctx, data)));
      if (existing) {
        // Someone else's number (an SMS sender naming another phone): say nothing of that booking.
        await scheduler.releaseHold(hold);
        endDialog(ctx);
        ctx.replies.push(textFor(ctx).numberTaken());
        return;
      }
    }
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
    if (data.mode === "reschedule") {
      // The owner is always told when their booking moves (unless they are the one texting).
      await this.tellOwner(ctx, data.target?.phone ?? booking.phone, textFor(ctx).movedSms(booking, zone, booking.phone));
    } else if (booking.textTo && ctx.inbound.channel !== "sms") {
      const sent = await this.deps.sms.send(booking.textTo, textFor(ctx).confirmationSms(booking, zone, booking.phone, minutes), "confirmation");
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

  /**
   * Slots one conversation, and one web address (an IPv6 /64), may hold per hour
   * (BOOKING_HOLDS_PER_HOUR): a script cannot sit on the calendar. Counted in the store, so
   * across processes; if the store cannot count, holding goes on (the hold itself needs the store).
   */
  protected async mayHold(ctx: TurnContext): Promise<boolean> {
    const limit = this.deps.holdsPerHour ?? DEFAULT_HOLDS_PER_HOUR;
    const kv = ctx.services.store.kv;
    const scopes = [`conv:${ctx.inbound.conversationId}`, ...(ctx.inbound.clientIp ? [`ip:${addressGroup(ctx.inbound.clientIp)}`] : [])];
    try {
      const counts = await Promise.all(scopes.map((s) => kv.incr(keys.bookingHolds(createHash("sha256").update(s).digest("base64url").slice(0, 22)), { ttlMs: 60 * 60_000 })));
      const over = counts.some((n, i) => n > (scopes[i]!.startsWith("ip:") ? limit * 5 : limit));
      if (over) ctx.services.logger.warn({ limit }, "booking: hold limit reached");
      return !over;
    } catch {
      return true;
    }
  }

  /** Texts the number on a booking that it was moved or cancelled, unless that number is the one texting us now. */
  protected async tellOwner(ctx: TurnContext, phone: string, body: string): Promise<void> {
    if (ctx.inbound.channel === "sms" && ctx.inbound.senderId === phone) return;
    const sent = await this.deps.sms.send(phone, body, "change-notice").catch(() => ({ kind: "failed" as const }));
    if (sent.kind !== "sent") ctx.services.logger.warn({ outcome: sent.kind }, "booking: change notice to the owner not sent");
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

function refOf(b: Booking): BookingRef {
  return { id: b.id, start: b.start, end: b.end, timeZone: b.timeZone, phone: b.phone, textTo: b.textTo };
}
