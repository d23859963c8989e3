import express, { type Response, type Router } from "express";
import { DateTime } from "luxon";
import { z } from "zod";
import type { InsightsConsoleDeps } from "../insights/insights-deps.js";
import { buildReport, daysBetween, MAX_REPORT_DAYS, reportCsv, type ReportQuery } from "../insights/report.js";
import { groupQuestions } from "../insights/unanswered-groups.js";
import { staleEntries } from "../insights/stale-entries.js";
import { HttpError } from "../http/http-error.js";
import { asyncRoute } from "./async-route.js";
import { requireCsrf, signedIn } from "./auth/staff-session.js";
import { requireRole, rolesOf } from "./auth/roles.js";
import type { PageFrame } from "./views/layout.js";
import { insightsPage } from "./views/insights-page.js";
import { unansweredPage } from "./views/unanswered-page.js";
import { reviewPage } from "./views/review-page.js";

export type { InsightsConsoleDeps } from "../insights/insights-deps.js";

const isoDay = z.iso.date({ message: "must be a date like 2026-11-30" });
const reportQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(MAX_REPORT_DAYS).optional(),
    from: isoDay.optional(),
    to: isoDay.optional(),
    channel: z.enum(["all", "web", "sms", "cli"]).default("all"),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

const proposalForm = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("phrasing"), text: z.string().trim().min(2).max(300), faqId: z.string().min(1).max(80) }),
  z.object({
    kind: z.literal("new-entry"),
    text: z.string().trim().min(2).max(300),
    id: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "the entry id is lowercase words joined by dashes" }).max(60),
    topic: z.string().trim().min(3).max(80),
    sms: z.string().trim().min(20).max(1000),
    web: z.string().trim().min(20).max(750),
    source: z.string().trim().min(3).max(300),
  }),
]);
const decisionForm = z.object({ decision: z.enum(["approve", "reject"]), note: z.string().max(500).optional() });
const UNANSWERED_DAYS = 30;

/**
 * Insights (admins), unanswered questions and proposals (admins), the clinician review queue
 * (admins see it, clinicians decide). Mounted behind requireStaff and loadRoles.
 */
export function insightsRoutes(deps: InsightsConsoleDeps, frameOf: (res: Response) => PageFrame): Router {
  const router = express.Router();
  const topics = new Map([...deps.kb.faq.values()].map((e) => [e.id, e.topic]));
  const today = () => DateTime.fromJSDate(deps.now(), { zone: deps.timeZone }).toISODate()!;

  const resolveQuery = (raw: unknown): { query: ReportQuery; presetDays: number | null } => {
    const parsed = reportQuery.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, `The period was not understood: ${issue?.path.join(".") || "query"} ${issue?.message ?? "is invalid"}.`);
    }
    const q = parsed.data;
    const end = today();
    if (q.from || q.to) {
      const from = q.from ?? q.to!;
      const to = q.to ?? end;
      if (DateTime.fromISO(to).diff(DateTime.fromISO(from), "days").days >= MAX_REPORT_DAYS) throw new HttpError(400, `A report covers at most ${MAX_REPORT_DAYS} days.`);
      return { query: { from, to, channel: q.channel }, presetDays: null };
    }
    const days = q.days ?? 7;
    const from = DateTime.fromISO(end).minus({ days: days - 1 }).toISODate()!;
    return { query: { from, to: end, channel: q.channel }, presetDays: days };
  };
  const report = (query: ReportQuery) => buildReport({ insights: deps.insights, handoffs: deps.handoffs, faqIds: [...deps.kb.faq.keys()], timeZone: deps.timeZone }, query);

  router.get(
    "/insights",
    requireRole("admin"),
    asyncRoute(async (req, res) => {
      const { query, presetDays } = resolveQuery(req.query);
      res.type("html").send(insightsPage({ frame: frameOf(res), report: await report(query), topics, timeZone: deps.timeZone, today: today(), presetDays }).value);
    }),
  );

  router.get(
    "/insights.csv",
    requireRole("admin"),
    asyncRoute(async (req, res) => {
      const { query } = resolveQuery(req.query);
      res.setHeader("Content-Disposition", `attachment; filename="insights-${query.from}-to-${query.to}-${query.channel}.csv"`);
      res.type("text/csv").send(reportCsv(await report(query)));
    }),
  );

  const showUnanswered = async (res: Response, message?: { kind: "ok" | "error"; text: string }, status = 200) => {
    const days = new Set(daysBetween(DateTime.fromISO(today()).minus({ days: UNANSWERED_DAYS - 1 }).toISODate()!, today()));
    const questions = await deps.insights.unanswered({ days });
    const similarity = deps.matcher.similarity ?? ((a: string, b: string) => (a.toLowerCase() === b.toLowerCase() ? 1 : 0));
    res.status(status).type("html").send(unansweredPage({ frame: frameOf(res), groups: groupQuestions(questions, similarity), topics, timeZone: deps.timeZone, days: UNANSWERED_DAYS, ...(message ? { message } : {}) }).value);
  };

  router.get(
    "/unanswered",
    requireRole("admin"),
    asyncRoute(async (req, res) => showUnanswered(res, req.query.proposed === "1" ? { kind: "ok", text: "Proposed. A clinician will review it (Review page)." } : undefined)),
  );

  router.post(
    "/proposals",
    requireRole("admin"),
    requireCsrf,
    asyncRoute(async (req, res) => {
      const parsed = proposalForm.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return showUnanswered(res, { kind: "error", text: `Not proposed: ${issue?.path.join(".") || "form"} ${issue?.message ?? "is invalid"}.` }, 400);
      }
      const form = parsed.data;
      const staff = signedIn(res).email;
      const outcome =
        form.kind === "phrasing"
          ? await deps.review.proposePhrasing(form.text, form.faqId, staff)
          : await deps.review.proposeEntry(form.text, { id: form.id, topic: form.topic, sms: form.sms, web: form.web, source: form.source }, staff);
      if (outcome.kind === "invalid") return showUnanswered(res, { kind: "error", text: `Not proposed: ${outcome.problems.join("; ")}.` }, 422);
      res.redirect(303, "/staff/unanswered?proposed=1");
    }),
  );

  const showReview = async (res: Response, message?: { kind: "ok" | "error"; text: string }, status = 200) => {
    res
      .status(status)
      .type("html")
      .send(
        reviewPage({
          frame: frameOf(res),
          proposals: await deps.proposals.list(),
          stale: staleEntries(deps.kb, deps.now(), deps.reviewMaxAgeDays),
          maxAgeDays: deps.reviewMaxAgeDays,
          topics,
          clinician: rolesOf(res).includes("clinician"),
          timeZone: deps.timeZone,
          ...(message ? { message } : {}),
        }).value,
      );
  };

  router.get(
    "/review",
    (req, res, next) => (rolesOf(res).includes("clinician") ? next() : requireRole("admin")(req, res, next)),
    asyncRoute(async (req, res) => showReview(res, req.query.decided === "approved" ? { kind: "ok", text: "Approved: every process answers it within seconds." } : req.query.decided === "rejected" ? { kind: "ok", text: "Rejected." } : undefined)),
  );

  router.post(
    "/review/:id",
    requireRole("clinician"),
    requireCsrf,
    asyncRoute(async (req, res) => {
      const parsed = decisionForm.safeParse(req.body);
      if (!parsed.success) throw new HttpError(400, "Choose approve or reject.");
      if (!z.uuid().safeParse(req.params.id).success) throw new HttpError(404, "There is no such proposal.");
      const staff = signedIn(res);
      const decision = parsed.data.decision === "approve" ? "approved" : "rejected";
      const outcome = await deps.review.decide(String(req.params.id), decision, { email: staff.email, roles: rolesOf(res) }, parsed.data.note);
      switch (outcome.kind) {
        case "decided":
          return res.redirect(303, `/staff/review?decided=${decision}`);
        case "notFound":
          throw new HttpError(404, "There is no such proposal.");
        case "notPending":
          return showReview(res, { kind: "error", text: "Someone decided this proposal already." }, 409);
        case "notClinician":
          throw new HttpError(403, "Only a clinician can approve or reject.");
      }
    }),
  );

  return router;
}
