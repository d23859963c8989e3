import express, { type Request, type Response, type Router } from "express";
import { DateTime } from "luxon";
import { z } from "zod";
import { HttpError } from "../http/http-error.js";
import type { AuditAction } from "../state/audit-log.js";
import { requireCsrf, signedIn, type SignedInStaff } from "./auth/staff-session.js";
import { STAFF_MARKS, type BookingLookup, type BookingSummary } from "../scheduling/booking-lookup.js";
import type { ConsoleDeps } from "./console-deps.js";
import { asyncRoute } from "./async-route.js";
import { bookingPage, bookingsPage, CALL_STATUS_LABELS } from "./views/bookings-page.js";
import { conversationPage } from "./views/conversation-page.js";
import { frameOf } from "./frame.js";
import { matchesPerson, searchTerm } from "./search.js";

const BOOKINGS_LIMIT = 200;
const MOVE_CHOICES = 40;

const bookingId = z.string().min(1).max(200).regex(/^[\w:.-]+$/);
const conversationId = z.string().regex(/^(web|sms|cli):[\w+.:@-]{1,200}$/);
const listQuery = z.object({ q: searchTerm, done: z.string().max(40).optional().catch(undefined) });
const markForm = z.object({ status: z.enum(STAFF_MARKS, { message: "status must be called, no-answer or done" }) });
const moveForm = z.object({ slot: z.iso.datetime({ message: "Pick a new time from the list." }) });

const DONE: Readonly<Record<string, string>> = {
  called: "Marked as called.",
  "no-answer": "Marked as no answer.",
  done: "Marked as done.",
};

/** The call list (`/staff/bookings`), one call's move and cancel, and a conversation's transcript. */
export function bookingRoutes(deps: ConsoleDeps): Router {
  const router = express.Router();
  const { store, now } = deps;

  const audit = (req: Request, staff: SignedInStaff, action: AuditAction, convId: string) =>
    store.audit.append({ at: now().toISOString(), staff: staff.email, action, conversationId: convId, ip: req.ip ?? "unknown" });

  const ledger = (): BookingLookup => {
    if (!deps.bookings) throw new HttpError(404, "Bookings are not connected to the console in this installation.");
    return deps.bookings;
  };
  const load = async (req: Request): Promise<BookingSummary> => {
    const id = bookingId.safeParse(req.params.id);
    const found = id.success ? await ledger().get(id.data) : null;
    if (!found) throw new HttpError(404, "There is no such consult call. It may have been deleted at the end of the retention period.");
    return found;
  };

  router.get(
    "/bookings",
    asyncRoute(async (req, res) => {
      const { q, done } = listQuery.parse(req.query);
      // Today's calls (done or not) and every later one, in the clinic's day.
      const from = DateTime.fromJSDate(now()).setZone(deps.clinic.timeZone).startOf("day").toJSDate();
      const all = deps.bookings ? await deps.bookings.upcoming(from, BOOKINGS_LIMIT) : undefined;
      const bookings = all && q ? all.filter((b) => matchesPerson(q, [b.name, b.phone, b.conversationId])) : all;
      const flash = done && DONE[done] ? { kind: "ok" as const, text: DONE[done] } : undefined;
      res.type("html").send(bookingsPage({ frame: frameOf(deps, res), bookings, timeZone: deps.clinic.timeZone, q, flash }).value);
    }),
  );

  const renderBooking = async (res: Response, booking: BookingSummary, extra: { status?: number; flash?: { kind: "ok" | "error" | "info"; text: string } } = {}) => {
    const slots = deps.calls ? await deps.calls.freeSlots(MOVE_CHOICES) : { reason: "the calendar is not connected to the console" };
    const page = bookingPage({ frame: { ...frameOf(deps, res), staff: signedIn(res) }, booking, timeZone: deps.clinic.timeZone, slots, flash: extra.flash });
    res.status(extra.status ?? 200).type("html").send(page.value);
  };

  router.get(
    "/bookings/:id",
    asyncRoute(async (req, res) => {
      const booking = await load(req);
      const done = typeof req.query.done === "string" ? req.query.done : "";
      await renderBooking(res, booking, done === "moved" || done === "cancelled" ? { flash: { kind: "ok", text: String(req.query.told ?? "") ? `Done: ${CALL_STATUS_LABELS[booking.status].toLowerCase()}. The person was ${String(req.query.told)}.` : "Done." } } : {});
    }),
  );

  router.post(
    "/bookings/:id/mark",
    requireCsrf,
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      const form = markForm.safeParse(req.body);
      if (!form.success) throw new HttpError(400, form.error.issues[0]?.message ?? "status must be called, no-answer or done");
      const booking = await load(req);
      if (booking.status === "cancelled" || booking.status === "rescheduled") throw new HttpError(409, "This call was cancelled or moved; it cannot be marked.");
      const marked = await ledger().mark(booking.id, form.data.status, staff.email);
      if (!marked) throw new HttpError(404, "There is no such consult call.");
      await audit(req, staff, "mark-call", booking.conversationId);
      res.redirect(303, `/staff/bookings?done=${form.data.status}`);
    }),
  );

  router.post(
    "/bookings/:id/cancel",
    requireCsrf,
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      const booking = await load(req);
      if (!deps.calls) throw new HttpError(404, "The calendar is not connected to the console.");
      const outcome = await deps.calls.cancel(booking.id, staff.email);
      if (outcome.kind === "done") {
        await audit(req, staff, "cancel-call", booking.conversationId);
        return res.redirect(303, `/staff/bookings/${encodeURIComponent(booking.id)}?done=cancelled&told=${encodeURIComponent(outcome.told)}`);
      }
      const text = outcome.kind === "notFound" ? "This call is already cancelled or moved." : outcome.kind === "failed" ? `Not cancelled: ${outcome.reason}.` : "Not cancelled.";
      await renderBooking(res, (await ledger().get(booking.id)) ?? booking, { status: 409, flash: { kind: "error", text } });
    }),
  );

  router.post(
    "/bookings/:id/move",
    requireCsrf,
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      const booking = await load(req);
      if (!deps.calls) throw new HttpError(404, "The calendar is not connected to the console.");
      const form = moveForm.safeParse(req.body);
      if (!form.success) return renderBooking(res, booking, { status: 400, flash: { kind: "error", text: form.error.issues[0]?.message ?? "Pick a new time." } });
      const outcome = await deps.calls.move(booking.id, form.data.slot, staff.email);
      if (outcome.kind === "done") {
        await audit(req, staff, "move-call", booking.conversationId);
        const moved = (await ledger().findByConversation(booking.conversationId)) ?? booking;
        return res.redirect(303, `/staff/bookings/${encodeURIComponent(moved.id)}?done=moved&told=${encodeURIComponent(outcome.told)}`);
      }
      const text =
        outcome.kind === "slotTaken" ? "Not moved: that time was just taken. Pick another." : outcome.kind === "failed" ? `Not moved: ${outcome.reason}.` : "This call is already cancelled or moved.";
      await renderBooking(res, booking, { status: 409, flash: { kind: "error", text } });
    }),
  );

  router.get(
    "/conversations/:id",
    asyncRoute(async (req, res) => {
      const id = conversationId.safeParse(req.params.id);
      if (!id.success) throw new HttpError(404, "There is no such conversation.");
      const [transcript, handoff] = await Promise.all([store.transcripts.list(id.data), store.handoffs.openFor(id.data)]);
      await audit(req, signedIn(res), "view-transcript", id.data);
      res.type("html").send(conversationPage({ frame: frameOf(deps, res), conversationId: id.data, transcript, handoff, timeZone: deps.clinic.timeZone }).value);
    }),
  );

  return router;
}
