import type { Reply } from "../../domain/message.js";
import type { TurnContext } from "../../pipeline/context.js";
import type { Flow, FlowOutcome } from "../../pipeline/dialog.js";
import { BOOKING_DATA_VERSION, BOOKING_DIALOG, STALE_AFTER_MS, endDialog, readData, writeData, type BookingData, type BookingStep } from "./dialog-data.js";
import { isQuit, wantsOtherName, wantsOtherPhone, wantsOtherTime } from "./dialog-words.js";
import { parseZone, zoneFromPhone } from "./time-zones.js";
import { parsePreference } from "./time-preference.js";
import { findPhone } from "../../text/contact-parsing.js";
import { textFor } from "./booking-text.js";
import type { Handled } from "./booking-steps.js";
import { ManageSteps } from "./manage-steps.js";

export type { BookingFlowDeps } from "./booking-steps.js";

/** Messages in a row the dialog may not understand before a person takes over. */
const MAX_MISSES = 3;
/** Intents that interrupt a booking: the pipeline answers them, then the dialog resumes. */
const INTERRUPTING_INTENTS = new Set(["help", "greeting", "thanks"]);
/** Intents that end the booking: the pipeline answers them and the dialog is over ("ok bye" is not "back to booking"). */
const LEAVING_INTENTS = new Set(["human", "goodbye"]);

/**
 * Books, moves and cancels the free phone consult, in as few messages as a text thread
 * allows: time zone (asked, or guessed from an SMS area code), up to three concrete slots,
 * a name and a callback number, one confirmation, booked. Registered for the intents
 * `book`, `reschedule` and `cancel`; its state lives in `ctx.state.dialog`.
 */
export class BookingFlow extends ManageSteps implements Flow {
  readonly name = BOOKING_DIALOG;

  async start(ctx: TurnContext, intent: string): Promise<void> {
    ctx.personLine.intent = intent;
    const previous = readData(ctx);
    if (previous?.hold) await this.deps.scheduler.releaseHold(previous.hold);
    const mode = intent === "reschedule" ? "reschedule" : intent === "cancel" ? "cancel" : "book";
    const data: BookingData = { v: BOOKING_DATA_VERSION, mode, misses: 0, updatedAt: ctx.services.now().toISOString() };
    const said = ctx.inbound.text;
    const zone = parseZone(said) ?? (ctx.inbound.channel === "sms" ? zoneFromPhone(ctx.inbound.senderId) : null);
    if (zone) {
      data.zone = zone;
      data.zoneGuessed = !parseZone(said);
    }
    if (parsePreference(said, ctx.services.now(), zone ?? ctx.services.clinic.timeZone)) data.wanted = said.slice(0, 300);
    if (mode !== "book") return this.startLookup(ctx, data);
    if (!data.zone) return this.ask(ctx, "zone", data, textFor(ctx).askZone());
    return this.offer(ctx, data);
  }

  async continue(ctx: TurnContext): Promise<FlowOutcome> {
    const data = readData(ctx);
    const step = ctx.state.dialog?.step as BookingStep | undefined;
    if (!data || !step || ctx.services.now().getTime() - Date.parse(data.updatedAt) > STALE_AFTER_MS) {
      if (data?.hold) await this.deps.scheduler.releaseHold(data.hold);
      endDialog(ctx);
      return "notMine";
    }
    ctx.personLine.intent = "booking";
    const said = ctx.inbound.text;
    if (isQuit(said, data.mode)) {
      if (data.hold) await this.deps.scheduler.releaseHold(data.hold);
      endDialog(ctx);
      ctx.replies.push(data.mode === "cancel" && data.target ? textFor(ctx).kept(data.target.start, data.target.timeZone) : textFor(ctx).stopped());
      return "handled";
    }
    const interruption = this.interruption(ctx, data, step);
    if (interruption !== "none") {
      ctx.personLine.intent = undefined;
      if (interruption === "leave") {
        if (data.hold) await this.deps.scheduler.releaseHold(data.hold);
        endDialog(ctx);
      }
      return "notMine";
    }
    const outcome = await this.step(ctx, data, step);
    if (outcome === "handled") return "handled";
    // "cancel my appointment" in the middle of booking: start what the person now asks for.
    const intent = ctx.services.matcher.match(said).matches[0];
    if (intent?.kind === "intent" && ["book", "reschedule", "cancel"].includes(intent.id)) {
      await this.start(ctx, intent.id);
      return "handled";
    }
    data.misses += 1;
    if (data.misses >= MAX_MISSES) {
      await this.handOver(ctx, data, textFor(ctx).handedOver(), "the booking dialog could not understand the person");
      return "handled";
    }
    writeData(ctx, step, data);
    ctx.replies.push(textFor(ctx).notUnderstood(this.question(ctx, data, step)));
    return "handled";
  }

  async abandon(ctx: TurnContext): Promise<void> {
    const data = readData(ctx);
    if (data?.hold) await this.deps.scheduler.releaseHold(data.hold).catch(() => undefined);
    endDialog(ctx);
  }

  resume(ctx: TurnContext): Reply | null {
    const data = readData(ctx);
    const step = ctx.state.dialog?.step as BookingStep | undefined;
    if (!data || !step) return null;
    return textFor(ctx).resumePrefix(this.question(ctx, data, step));
  }

  private async step(ctx: TurnContext, data: BookingData, step: BookingStep): Promise<Handled> {
    switch (step) {
      case "zone":
        return this.onZone(ctx, data);
      case "pick":
        return this.onPick(ctx, data);
      case "contact":
        return this.onContact(ctx, data);
      case "confirm":
        return this.onConfirm(ctx, data);
      case "lookup":
        return this.onLookup(ctx, data);
      case "choose-booking":
        return this.onChooseBooking(ctx, data);
      case "confirm-cancel":
        return this.onConfirmCancel(ctx, data);
      case "verify-phone":
        return this.onVerifyPhone(ctx, data);
      case "existing":
        return this.onExisting(ctx, data);
    }
  }

  // --- Booking -------------------------------------------------------------------------

  private question(ctx: TurnContext, data: BookingData, step: BookingStep): Reply {
    const zone = this.zoneOf(ctx, data);
    switch (step) {
      case "zone":
        return textFor(ctx).askZone();
      case "pick":
        return data.offered?.length ? textFor(ctx).offer(data.offered, zone, textFor(ctx).leadWhich(), null) : textFor(ctx).askWhen();
      case "contact":
        return this.nextQuestion(ctx, data).reply;
      case "confirm":
        return data.hold ? this.nextQuestion(ctx, data).reply : textFor(ctx).askWhen();
      case "lookup":
        return textFor(ctx).askLookup(data.mode === "cancel" ? "cancel" : "reschedule");
      case "choose-booking":
        return textFor(ctx).chooseBooking(data.candidates ?? [], zone);
      case "confirm-cancel":
        return textFor(ctx).confirmCancel(data.target!.start, zone);
      case "verify-phone":
        return data.phoneCheck ? textFor(ctx).askCode(data.phoneCheck.phone, data.phoneCheck.then === "finish" ? "book" : "manage") : textFor(ctx).askWhen();
      case "existing":
        return data.existing ? textFor(ctx).alreadyBooked(data.existing.start, zone) : textFor(ctx).askWhen();
    }
  }

  /** A clearly different question (an FAQ, "talk to a person"): the pipeline answers it. */
  private interruption(ctx: TurnContext, data: BookingData, step: BookingStep): "none" | "resume" | "leave" {
    const said = ctx.inbound.text;
    if (/^(slot|zone|confirm|booking|code|booked):/.test(said) || findPhone(said).kind !== "none") return "none";
    if ((step === "verify-phone" && /\d{3}/.test(said)) || step === "existing") return "none";
    const zone = this.zoneOf(ctx, data);
    if (this.pickFrom(ctx, said, data.offered ?? [], zone)) return "none";
    if (parsePreference(said, ctx.services.now(), zone)) return "none";
    if (step === "zone" && parseZone(said)) return "none";
    // The dialog's own requests ("use my other number", "change the time", "wrong name") are never questions.
    if (wantsOtherPhone(said) || wantsOtherName(said) || wantsOtherTime(said)) return "none";
    const first = ctx.services.matcher.match(said).matches[0];
    if (!first) return "none";
    // Someone who asks for a person gets a person, not the booking question again; a goodbye is a goodbye.
    if (first.kind === "intent" && LEAVING_INTENTS.has(first.id)) return "leave";
    return first.kind === "faq" || INTERRUPTING_INTENTS.has(first.id) ? "resume" : "none";
  }
}
