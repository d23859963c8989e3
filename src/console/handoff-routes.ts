import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { Handoff } from "../domain/handoff.js";
import { MAX_STAFF_REPLY_LENGTH } from "../handoff/handoff-desk.js";
import { HttpError } from "../http/http-error.js";
import type { AuditAction } from "../state/audit-log.js";
import { requireCsrf, signedIn, type SignedInStaff } from "./auth/staff-session.js";
import type { ConsoleDeps } from "./console-deps.js";
import { asyncRoute } from "./async-route.js";
import { handoffPage, type HandoffPageModel } from "./views/handoff-page.js";
import { phoneOf } from "./views/format.js";
import { transcriptJson, transcriptText, type TranscriptExport } from "./transcript-export.js";

const handoffId = z.uuid();

const DONE_MESSAGES: Readonly<Record<string, string>> = {
  claimed: "You claimed this handoff. The assistant stays quiet in this conversation until it is resolved.",
  sent: "Reply sent.",
  resolved: "Resolved. The assistant answers this person again.",
  "already-resolved": "This handoff was already resolved.",
  kept: "Kept: this conversation is not deleted at the end of the retention period.",
  unkept: "Released: this conversation is deleted at the end of the normal retention period.",
};

const replyForm = z.object({
  text: z
    .string()
    .trim()
    .min(1, { message: "Write a reply first." })
    .max(MAX_STAFF_REPLY_LENGTH, { message: `A reply can be at most ${MAX_STAFF_REPLY_LENGTH} characters.` }),
});
const resolveForm = z.object({ note: z.string().trim().min(1, { message: "Add a short note on what was done." }).max(2000, { message: "The note can be at most 2,000 characters." }) });
const keepForm = z.object({ kept: z.enum(["0", "1"]) });
const claimForm = z.object({ takeOver: z.literal("1").optional() });

/** `/staff/handoffs/:id`: the conversation page, its actions and its exports. */
export function handoffRoutes(deps: ConsoleDeps): Router {
  const { store, desk, now } = deps;
  const router = express.Router();

  const audit = (req: Request, staff: SignedInStaff, action: AuditAction, h: Handoff) =>
    store.audit.append({ at: now().toISOString(), staff: staff.email, action, conversationId: h.conversationId, handoffId: h.id, ip: req.ip ?? "unknown" });

  const load = async (req: Request): Promise<Handoff> => {
    const id = handoffId.safeParse(req.params.id);
    const handoff = id.success ? await store.handoffs.get(id.data) : null;
    if (!handoff) throw new HttpError(404, "There is no such handoff. It may have been deleted at the end of the retention period.");
    return handoff;
  };

  /** Renders the conversation page; showing the transcript is audited every time. */
  const render = async (
    req: Request,
    res: Response,
    handoff: Handoff,
    extra: { status?: number; flash?: HandoffPageModel["flash"]; replyDraft?: string } = {},
  ): Promise<void> => {
    const staff = signedIn(res);
    const showPhone = req.query.phone === "show" && handoff.channel === "sms";
    const [transcript, state, booking, summary] = await Promise.all([
      store.transcripts.list(handoff.conversationId),
      store.conversations.load(handoff.conversationId),
      deps.bookings ? deps.bookings.findByConversation(handoff.conversationId) : Promise.resolve(undefined),
      deps.summaries?.enabled ? deps.summaries.forConversation(handoff.conversationId) : Promise.resolve(null),
    ]);
    const replyBlocked = await replyBlockedFor(handoff);
    await audit(req, staff, "view-transcript", handoff);
    if (showPhone) await audit(req, staff, "reveal-phone", handoff);
    const done = typeof req.query.done === "string" ? DONE_MESSAGES[req.query.done] : undefined;
    const flash = extra.flash ?? (done ? { kind: "ok" as const, text: done } : undefined);
    const entries = await store.audit.list({ conversationId: handoff.conversationId, limit: 20 });
    const page = handoffPage({
      frame: { title: "Handoff", clinicName: deps.clinic.name, staff },
      handoff,
      transcript,
      state,
      booking,
      timeZone: deps.clinic.timeZone,
      retentionDays: Math.round(store.retentionMs / 86_400_000),
      showPhone,
      audit: entries,
      summary,
      ...(replyBlocked ? { replyBlocked } : {}),
      ...(flash ? { flash } : {}),
      ...(extra.replyDraft !== undefined ? { replyDraft: extra.replyDraft } : {}),
    });
    res.status(extra.status ?? 200).type("html").send(page.value);
  };

  /** Why the person's channel cannot carry a reply at all, known before anyone writes one. */
  const replyBlockedFor = async (handoff: Handoff): Promise<string | undefined> => {
    const phone = phoneOf(handoff.conversationId);
    if (!phone) return undefined;
    const out = await store.optOuts.isOptedOut(phone).catch(() => false);
    return out ? "this person opted out of texts (STOP), so no text can reach them. Call them instead; they can text START to hear from us again." : undefined;
  };

  const back = (res: Response, h: Handoff, done: string) => res.redirect(303, `/staff/handoffs/${encodeURIComponent(h.id)}?done=${done}`);

  router.get(
    "/handoffs/:id",
    asyncRoute(async (req, res) => render(req, res, await load(req))),
  );

  router.post(
    "/handoffs/:id/claim",
    requireCsrf,
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      const form = claimForm.safeParse(req.body);
      const outcome = await desk.claim((await load(req)).id, staff.email, { takeOver: form.success && form.data.takeOver === "1" });
      if (outcome.kind === "notFound") throw new HttpError(404, "There is no such handoff.");
      if (outcome.kind === "claimed") {
        await audit(req, staff, "claim", outcome.handoff);
        return back(res, outcome.handoff, "claimed");
      }
      const text = outcome.kind === "resolved" ? "This handoff is already resolved." : `${outcome.handoff.claimedBy ?? "A colleague"} has already claimed this handoff.`;
      await render(req, res, outcome.handoff, { status: 409, flash: { kind: "error", text } });
    }),
  );

  router.post(
    "/handoffs/:id/reply",
    requireCsrf,
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      const handoff = await load(req);
      const form = replyForm.safeParse(req.body);
      const draft = typeof req.body?.text === "string" ? String(req.body.text).slice(0, MAX_STAFF_REPLY_LENGTH) : "";
      if (!form.success) return render(req, res, handoff, { status: 400, flash: { kind: "error", text: form.error.issues[0]?.message ?? "Write a reply first." }, replyDraft: draft });
      const blocked = await replyBlockedFor(handoff);
      if (blocked) return render(req, res, handoff, { status: 409, flash: { kind: "error", text: `Not sent: ${blocked}` }, replyDraft: draft });
      const wasOpen = handoff.status === "open";
      const outcome = await desk.reply(handoff.id, staff.email, form.data.text);
      if (outcome.kind === "notFound") throw new HttpError(404, "There is no such handoff.");
      if (outcome.kind !== "resolved" && outcome.kind !== "claimedByOther" && wasOpen) await audit(req, staff, "claim", outcome.handoff);
      switch (outcome.kind) {
        case "sent":
          await audit(req, staff, "reply", outcome.handoff);
          return back(res, outcome.handoff, "sent");
        case "notDelivered":
          return render(req, res, outcome.handoff, { status: 409, flash: { kind: "error", text: `Not sent: ${outcome.reason}.` }, replyDraft: draft });
        case "claimedByOther":
          return render(req, res, outcome.handoff, {
            status: 409,
            flash: { kind: "error", text: `Not sent: ${outcome.handoff.claimedBy ?? "a colleague"} is answering this person. Take over first.` },
            replyDraft: draft,
          });
        case "resolved":
          return render(req, res, outcome.handoff, { status: 409, flash: { kind: "error", text: "Not sent: this handoff is resolved." }, replyDraft: draft });
      }
    }),
  );

  router.post(
    "/handoffs/:id/resolve",
    requireCsrf,
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      const handoff = await load(req);
      const form = resolveForm.safeParse(req.body);
      if (!form.success) return render(req, res, handoff, { status: 400, flash: { kind: "error", text: form.error.issues[0]?.message ?? "Add a note." } });
      const outcome = await desk.resolve(handoff.id, staff.email, form.data.note);
      if (outcome.kind === "notFound") throw new HttpError(404, "There is no such handoff.");
      if (outcome.kind === "alreadyResolved") return back(res, outcome.handoff, "already-resolved");
      await audit(req, staff, "resolve", outcome.handoff);
      back(res, outcome.handoff, "resolved");
    }),
  );

  router.post(
    "/handoffs/:id/keep",
    requireCsrf,
    asyncRoute(async (req, res) => {
      const staff = signedIn(res);
      const form = keepForm.safeParse(req.body);
      if (!form.success) throw new HttpError(400, "kept must be 0 or 1.");
      const kept = form.data.kept === "1";
      const changed = await desk.keep((await load(req)).id, kept);
      if (!changed) throw new HttpError(404, "There is no such handoff.");
      await audit(req, staff, kept ? "keep" : "unkeep", changed);
      back(res, changed, kept ? "kept" : "unkept");
    }),
  );

  const exportOf = async (req: Request, res: Response): Promise<TranscriptExport> => {
    const handoff = await load(req);
    const [transcript, state] = await Promise.all([store.transcripts.list(handoff.conversationId), store.conversations.load(handoff.conversationId)]);
    return {
      clinicName: deps.clinic.name,
      timeZone: deps.clinic.timeZone,
      handoff,
      transcript,
      crisis: (state?.crisis ?? false) || transcript.some((l) => l.crisis),
      exportedBy: signedIn(res).email,
      exportedAt: now(),
    };
  };

  router.get(
    "/handoffs/:id/transcript.txt",
    asyncRoute(async (req, res) => {
      const e = await exportOf(req, res);
      await audit(req, signedIn(res), "export-text", e.handoff);
      res.attachment(`transcript-${e.handoff.id}.txt`).type("text/plain; charset=utf-8").send(transcriptText(e));
    }),
  );

  router.get(
    "/handoffs/:id/transcript.json",
    asyncRoute(async (req, res) => {
      const e = await exportOf(req, res);
      await audit(req, signedIn(res), "export-json", e.handoff);
      res.attachment(`transcript-${e.handoff.id}.json`).type("application/json; charset=utf-8").send(transcriptJson(e));
    }),
  );

  return router;
}
