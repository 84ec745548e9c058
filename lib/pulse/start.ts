import { and, asc, desc, eq, isNull, ne } from "drizzle-orm";
import { loadRequestFor, type RequestContext } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import type { Executor } from "@/lib/db";
import { cycles, developmentPlans, feedbackRequests, invitations, planFocusAreas, reportSnapshots } from "@/lib/db/schema";
import { endOfDay } from "@/lib/dates";
import { AppError, isAppError, notFound } from "@/lib/errors";
import { askedFocus, comparePulse, type PulseFocus, type PulseItemResult } from "@/lib/report/pulse";
import type { ReportSnapshot } from "@/lib/report/types";
import { nominateExternal, nominatePerson } from "@/lib/requests/nominations";
import { ensureRequest, otherOpenRequest } from "@/lib/requests/start";
import { pulseQuestionnaire, sincePhrase } from "./questionnaire";
import { daysSince, isPulseAvailable, pulseAvailableOn } from "./rules";

/**
 * The follow-up pulse of a released report. A pulse IS a feedback request, in a small cycle of kind
 * "pulse" that keeps the original cycle's k and comment threshold: nomination, sealed ballots,
 * reminders, close (links erased), release (frozen snapshot, per-group thresholds, the person's
 * ledger of earlier reports) and "one open request at a time" are the existing machinery, with no
 * path of its own. Only the subject may start or read one, from this page.
 */

export type PulseState =
  | { state: "not_released" }
  | { state: "not_pulse_source" }
  | { state: "no_focus" }
  | { state: "too_early"; availableOn: string; focus: PulseFocus[] }
  | { state: "other_open"; cycleName: string; focus: PulseFocus[] }
  | { state: "ready"; focus: PulseFocus[]; since: string }
  | { state: "running"; pulseRequestId: string; status: string; closesAt: Date; focus: PulseFocus[] }
  | { state: "released"; pulseRequestId: string; releasedAt: Date; results: PulseItemResult[]; threshold: number };

function assertSubject(ctx: RequestContext) {
  // A pulse is the subject's own: anyone else (line manager, HR) gets the same not-found as a stranger.
  if (!ctx.access.isSubject) throw notFound("That report");
}

export async function focusOf(db: Executor, ctx: RequestContext): Promise<PulseFocus[]> {
  const rows = await db
    .select({ dimensionKey: planFocusAreas.dimensionKey, pole: planFocusAreas.pole })
    .from(planFocusAreas)
    .innerJoin(developmentPlans, eq(developmentPlans.id, planFocusAreas.planId))
    .where(
      and(
        eq(developmentPlans.organisationId, ctx.request.organisationId),
        eq(developmentPlans.requestId, ctx.request.id),
        eq(developmentPlans.subjectPersonId, ctx.subject.id),
      ),
    )
    .orderBy(asc(planFocusAreas.position));
  return rows.slice(0, 3);
}

async function pulseOf(db: Executor, ctx: RequestContext) {
  const [row] = await db
    .select({ request: feedbackRequests, cycle: cycles })
    .from(feedbackRequests)
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .where(
      and(
        eq(feedbackRequests.organisationId, ctx.request.organisationId),
        eq(feedbackRequests.pulseOfRequestId, ctx.request.id),
        eq(feedbackRequests.subjectPersonId, ctx.subject.id),
      ),
    )
    .orderBy(desc(feedbackRequests.createdAt))
    .limit(1);
  return row ?? null;
}

async function snapshotOf(db: Executor, requestId: string): Promise<ReportSnapshot | null> {
  const [row] = await db.select({ data: reportSnapshots.data }).from(reportSnapshots).where(eq(reportSnapshots.requestId, requestId));
  return row?.data ?? null;
}

/** Where the pulse of this report stands, for its subject. */
export async function pulseState(db: Executor, ctx: RequestContext, now = new Date()): Promise<PulseState> {
  assertSubject(ctx);
  // A pulse is not followed up by another pulse: the follow-up is always of a full report.
  if (ctx.cycle.kind === "pulse") return { state: "not_pulse_source" };
  if (ctx.request.status !== "released" || !ctx.request.releasedAt) return { state: "not_released" };
  const existing = await pulseOf(db, ctx);
  const focus = await focusOf(db, ctx);
  if (existing) {
    if (existing.request.status === "released" && existing.request.releasedAt) {
      const [original, pulse] = await Promise.all([snapshotOf(db, ctx.request.id), snapshotOf(db, existing.request.id)]);
      if (!original || !pulse) throw notFound("That report");
      return {
        state: "released",
        pulseRequestId: existing.request.id,
        releasedAt: existing.request.releasedAt,
        results: comparePulse(original, pulse, askedFocus(pulse)),
        threshold: pulse.threshold,
      };
    }
    return {
      state: "running",
      pulseRequestId: existing.request.id,
      status: existing.request.status,
      closesAt: existing.cycle.closesAt,
      focus,
    };
  }
  if (focus.length === 0) return { state: "no_focus" };
  if (!isPulseAvailable(ctx.request.releasedAt, ctx.cycle.pulseAfterDays, now)) {
    return { state: "too_early", availableOn: pulseAvailableOn(ctx.request.releasedAt, ctx.cycle.pulseAfterDays), focus };
  }
  const elsewhere = await otherOpenRequest(db, ctx.request.organisationId, ctx.subject.id, null);
  if (elsewhere) return { state: "other_open", cycleName: elsewhere, focus };
  return { state: "ready", focus, since: sincePhrase(daysSince(ctx.request.releasedAt, now)) };
}

/**
 * Start the pulse: its cycle, its request (pulse_of_request_id = the report it follows up) and its
 * nominations pre-filled with the report's raters, each through the ordinary nomination rules (a
 * rater who left, or a line manager who changed, is simply not carried over). Every refusal
 * changes nothing: the checks run inside the transaction that writes.
 */
export async function startPulse(
  db: Executor,
  ctx: RequestContext,
  viewer: Viewer,
  closesOn: string,
  now = new Date(),
): Promise<{ requestId: string; carriedOver: number; notCarriedOver: number }> {
  assertSubject(ctx);
  if (ctx.cycle.kind === "pulse") throw new AppError("conflict", "A pulse follows up a full report, not another pulse.");
  const releasedAt = ctx.request.releasedAt;
  if (ctx.request.status !== "released" || !releasedAt) {
    throw new AppError("conflict", "A pulse can follow up only a released report.");
  }
  if (!isPulseAvailable(releasedAt, ctx.cycle.pulseAfterDays, now)) {
    throw new AppError(
      "conflict",
      `A pulse of this report opens on ${pulseAvailableOn(releasedAt, ctx.cycle.pulseAfterDays)}, ${ctx.cycle.pulseAfterDays} days after its release: change takes time to show.`,
    );
  }
  if (endOfDay(closesOn) <= now)
    throw new AppError("invalid_input", "Choose a date after today.", { closesOn: ["Choose a date after today."] });
  return db.transaction(async (tx) => {
    // Serialises with every other start of the person's (otherOpenRequest locks their entry).
    const elsewhere = await otherOpenRequest(tx, ctx.request.organisationId, ctx.subject.id, null);
    if (elsewhere) {
      throw new AppError(
        "conflict",
        `You already have feedback open in ${elsewhere}. One feedback request runs at a time, so that two reports over the same raters can never be compared to single someone out: start the pulse once that one has closed.`,
      );
    }
    if (await pulseOf(tx, ctx)) throw new AppError("conflict", "This report already has its pulse.");
    const focus = await focusOf(tx, ctx);
    if (focus.length === 0) {
      throw new AppError("conflict", "Choose at least one focus area in your plan first: the pulse asks only about those.");
    }
    const questionnaire = pulseQuestionnaire(ctx.cycle.questionnaire, focus, sincePhrase(daysSince(releasedAt, now)));
    // The k the original was released at (the ledger may have raised it above its cycle's): the
    // pulse promises its raters no less, so its progress is judged there from the start.
    const releasedThreshold = (await snapshotOf(tx, ctx.request.id))?.threshold ?? 0;
    const [cycle] = await tx
      .insert(cycles)
      .values({
        organisationId: ctx.request.organisationId,
        // Named as any personal request is: a pulse can only follow focus areas, so a name that
        // said "pulse" would tell HR and the line manager (who see the request in their lists)
        // that the subject has a plan. Only the subject's own pages call it a pulse.
        name: `${ctx.subject.name}'s personal feedback`,
        kind: "pulse",
        status: "open",
        opensAt: now,
        closesAt: endOfDay(closesOn),
        // The original's promise to its raters, unchanged (release raises it further to the ledger's if need be).
        threshold: Math.max(ctx.cycle.threshold, releasedThreshold),
        // Never below the threshold (a check of the cycles table).
        commentThreshold: Math.max(ctx.cycle.commentThreshold, ctx.cycle.threshold, releasedThreshold),
        // Where the original's raters needed approval, so do the pulse's: asking "the same raters,
        // or others" must not be a way round the organisation's own check.
        requiresApproval: ctx.cycle.requiresApproval,
        // The pulse's report names the subject's focus areas, which are part of their private plan:
        // nobody else reads it (the plan's own sharing is the subject's choice, issue 22).
        shareWithLineManager: false,
        shareWithHr: false,
        groupLimits: ctx.cycle.groupLimits,
        frameworkVersion: questionnaire.frameworkVersion,
        questionnaire,
        createdByUserId: viewer.userId,
        launchedAt: now,
      })
      .returning({ id: cycles.id });
    const requestId = await ensureRequest(tx, ctx.request.organisationId, cycle!.id, { id: ctx.subject.id, email: ctx.subject.email });
    await tx.update(feedbackRequests).set({ pulseOfRequestId: ctx.request.id }).where(eq(feedbackRequests.id, requestId));

    // "Ask the same raters, or others": the report's raters as nominations, not yet invited.
    const pulseCtx = await loadRequestFor(viewer, requestId, "view", tx);
    const earlier = await tx
      .select({
        personId: invitations.raterPersonId,
        email: invitations.raterEmail,
        name: invitations.raterName,
        group: invitations.raterGroup,
      })
      .from(invitations)
      .where(and(eq(invitations.requestId, ctx.request.id), ne(invitations.raterGroup, "self"), isNull(invitations.revokedAt)))
      .orderBy(asc(invitations.raterEmail));
    let carriedOver = 0;
    let notCarriedOver = 0;
    const actor = viewer;
    for (const r of earlier) {
      try {
        if (r.personId && r.group !== "self") {
          await nominatePerson(tx, pulseCtx, { personId: r.personId, group: r.group }, actor);
        } else {
          await nominateExternal(tx, pulseCtx, { name: r.name ?? r.email, email: r.email }, actor);
        }
        carriedOver++;
      } catch (error) {
        if (!isAppError(error)) throw error;
        notCarriedOver++;
      }
    }
    return { requestId, carriedOver, notCarriedOver };
  });
}

/** The pulse page's data: the original report's request, for its subject only (anyone else: not found). */
export async function pulsePageFor(db: Executor, viewer: Viewer, requestId: string, now = new Date()) {
  const ctx = await loadRequestFor(viewer, requestId, "view", db);
  assertSubject(ctx);
  const q = ctx.cycle.questionnaire;
  const label = (f: PulseFocus) => {
    const d = q.dimensions.find((x) => x.key === f.dimensionKey);
    return d ? `${d.title}: ${d.poles[f.pole].label.toLowerCase()}` : f.dimensionKey;
  };
  return { state: await pulseState(db, ctx, now), cycleName: ctx.cycle.name, requestId: ctx.request.id, label };
}
