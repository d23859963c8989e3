import type { TurnContext } from "../../pipeline/context.js";
import type { Booking } from "../../scheduling/scheduling-adapter.js";
import { endDialog, type BookingData, type BookingRef } from "./dialog-data.js";
import { isNo, isYes } from "./dialog-words.js";
import { resolvePick } from "./slot-choice.js";
import { findName, findPhone } from "../../text/contact-parsing.js";
import { textFor } from "./booking-text.js";
import { BookingSteps, type Handled } from "./booking-steps.js";

/**
 * Finding, moving and cancelling a booked call. Over SMS the booking is found by the number
 * texting; on the web by the phone number and the name given at booking. Nothing changes
 * before the person says yes.
 */
export abstract class ManageSteps extends BookingSteps {

  protected async startLookup(ctx: TurnContext, data: BookingData): Promise<void> {
    if (ctx.inbound.channel !== "sms") return this.ask(ctx, "lookup", data, textFor(ctx).askLookup(data.mode === "cancel" ? "cancel" : "reschedule"));
    const found = await this.deps.scheduler.findByPhone(ctx.inbound.senderId);
    if (found.kind === "unavailable") return this.fail(ctx, data, "down", found.reason);
    return this.foundBookings(ctx, data, found.bookings, true);
  }

  protected async onLookup(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const said = ctx.inbound.text;
    const phone = findPhone(said);
    const name = findName(said);
    if (phone.kind === "valid") data.phone = phone.e164;
    if (name) data.name = name;
    if (phone.kind === "invalid") return this.done(this.ask(ctx, "lookup", data, textFor(ctx).badPhone()));
    if (phone.kind === "none" && !name) return "unknown";
    if (!data.phone || !data.name) return this.done(this.ask(ctx, "lookup", data, textFor(ctx).lookupNeedsBoth()));
    // A phone number and a first name are no proof (both are easy to guess): the number's owner types a texted code first.
    if (this.needsPhoneCheck(ctx, data, data.phone)) return this.done(this.startPhoneCheck(ctx, data, data.phone, "lookup"));
    await this.lookupVerified(ctx, data);
    return "handled";
  }

  /** The bookings of a number whose owner is confirmed (the code typed on the web, or the SMS sender). */
  protected async lookupVerified(ctx: TurnContext, data: BookingData): Promise<void> {
    const found = await this.deps.scheduler.findByPhone(data.phone!);
    if (found.kind === "unavailable") return this.fail(ctx, data, "down", found.reason);
    return this.foundBookings(ctx, data, found.bookings, false);
  }

  protected async foundBookings(ctx: TurnContext, data: BookingData, bookings: readonly Booking[], viaSender: boolean): Promise<void> {
    const refs: BookingRef[] = bookings.map((b) => ({ id: b.id, start: b.start, end: b.end, timeZone: b.timeZone, phone: b.phone, textTo: b.textTo }));
    if (refs.length === 0) {
      endDialog(ctx);
      ctx.replies.push(textFor(ctx).noneFound(viaSender));
      return;
    }
    if (refs.length > 1) return this.ask(ctx, "choose-booking", { ...data, candidates: refs }, textFor(ctx).chooseBooking(refs, this.zoneOf(ctx, { ...data, zone: refs[0]!.timeZone })));
    return this.withTarget(ctx, data, refs[0]!);
  }

  protected async withTarget(ctx: TurnContext, data: BookingData, target: BookingRef): Promise<void> {
    const next: BookingData = { ...data, target, zone: data.zone && !data.zoneGuessed ? data.zone : target.timeZone, zoneGuessed: false, phone: target.phone };
    if (data.mode === "cancel") return this.ask(ctx, "confirm-cancel", next, textFor(ctx).confirmCancel(target.start, next.zone!));
    return this.offer(ctx, next);
  }

  protected async onChooseBooking(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const candidates = data.candidates ?? [];
    const said = ctx.inbound.text;
    const byPayload = said.startsWith("booking:") ? candidates.find((c) => c.id === said.slice(8)) : undefined;
    const byWords = byPayload ?? resolvePick(said, candidates, this.zoneOf(ctx, { ...data, zone: candidates[0]?.timeZone }));
    const target = byWords ? candidates.find((c) => c.start === byWords.start) : undefined;
    if (!target) return "unknown";
    await this.withTarget(ctx, data, target);
    return "handled";
  }

  protected async onConfirmCancel(ctx: TurnContext, data: BookingData): Promise<Handled> {
    const target = data.target!;
    const said = ctx.inbound.text;
    if (isNo(said) || /\bkeep\b/i.test(said)) {
      endDialog(ctx);
      ctx.replies.push(textFor(ctx).kept(target.start, this.zoneOf(ctx, data)));
      return "handled";
    }
    if (!isYes(said) && !/^(cancel|cancel it|yes cancel|please cancel)/i.test(said.trim())) return "unknown";
    const outcome = await this.deps.scheduler.cancel(target.id);
    if (outcome.kind === "unavailable") return this.done(this.fail(ctx, data, "down", outcome.reason));
    endDialog(ctx);
    if (outcome.kind === "notFound") {
      ctx.replies.push(textFor(ctx).noneFound(ctx.inbound.channel === "sms"));
      return "handled";
    }
    await this.deps.reminders.cancel(target.id).catch((err: unknown) => ctx.services.logger.error({ err }, "booking: removing a reminder failed"));
    await this.deps.ledger.record(outcome.booking, "cancelled").catch((err: unknown) => ctx.services.logger.error({ err }, "booking: recording the cancellation failed"));
    (ctx.facts ??= {}).booking = "cancelled";
    ctx.services.logger.info({ bookingId: target.id, channel: ctx.inbound.channel }, "consult cancelled");
    await this.tellOwner(ctx, target.phone, textFor(ctx).cancelledSms(target.start, target.timeZone));
    ctx.replies.push(textFor(ctx).cancelled(target.start, this.zoneOf(ctx, data)));
    return "handled";
  }
}
