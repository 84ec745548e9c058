import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit";
import type { Database, Executor } from "@/lib/db";
import { cycles, feedbackRequests, people, teams } from "@/lib/db/schema";
import { endOfDay, isoDateOf, startOfDay } from "@/lib/dates";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { buildQuestionnaire } from "@/lib/framework";
import { formatDate } from "@/lib/format";
import { isCycleDraft, isCycleRunning } from "@/lib/lifecycle";
import { renderEmailHtml } from "@/lib/mail/html";
import { deliverMail } from "@/lib/mail/transport";
import { closeCycle, lockCycle, releaseCycle, releaseReport } from "@/lib/reports/release";
import { sendReportReadyMails } from "@/lib/reports/ready-mail";
import { remindRequest } from "@/lib/requests/sending";
import { ensureRequest, otherOpenRequest } from "@/lib/requests/start";
import { groupLimit, NOMINATED_GROUPS, type NominatedGroup } from "@/lib/requests/limits";
import type { CycleForm } from "./schemas";

/** HR's cycle administration. Every function is scoped to the viewer's organisation. */

export async function loadCycle(db: Executor, organisationId: string, cycleId: string) {
  if (!isUuid(cycleId)) throw notFound("That cycle");
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.organisationId, organisationId)));
  if (!cycle || cycle.kind !== "organisation") throw notFound("That cycle");
  return cycle;
}

function values(form: CycleForm) {
  return {
    name: form.name,
    opensAt: startOfDay(form.opensOn),
    closesAt: endOfDay(form.closesOn),
    threshold: form.threshold,
    commentThreshold: form.commentThreshold,
    requiresApproval: form.requiresApproval,
    groupLimits: form.limits,
    scope: { teamIds: form.scopeMode === "teams" ? form.teamIds : [] },
    questionnaire: buildQuestionnaire(form.customItems),
    shareWithLineManager: form.shareWithLineManager,
    shareWithHr: form.shareWithHr,
    pulseAfterDays: form.pulseAfterDays,
  };
}

/** The form's values for a cycle, to edit a draft (or to start a new cycle from an old one). */
export function formOf(cycle: typeof cycles.$inferSelect): CycleForm {
  const limits = cycle.groupLimits;
  return {
    name: cycle.name,
    opensOn: isoDateOf(cycle.opensAt),
    closesOn: isoDateOf(cycle.closesAt),
    threshold: cycle.threshold,
    commentThreshold: cycle.commentThreshold,
    requiresApproval: cycle.requiresApproval,
    limits: Object.fromEntries(NOMINATED_GROUPS.map((g) => [g, groupLimit(limits, g)])) as Record<NominatedGroup, number>,
    scopeMode: cycle.scope.teamIds.length ? "teams" : "managers",
    teamIds: cycle.scope.teamIds,
    customItems: cycle.questionnaire.customItems.map((i) => i.text),
    shareWithLineManager: cycle.shareWithLineManager,
    shareWithHr: cycle.shareWithHr,
    pulseAfterDays: cycle.pulseAfterDays,
  };
}

async function checkTeams(db: Executor, organisationId: string, teamIds: string[]) {
  if (!teamIds.length) return;
  const found = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organisationId, organisationId), inArray(teams.id, teamIds)));
  if (found.length !== new Set(teamIds).size)
    throw new AppError("invalid_input", "Choose teams from the list.", { teamIds: ["Choose teams from the list."] });
}

export async function saveDraftCycle(db: Executor, viewer: HrViewer, form: CycleForm, cycleId?: string): Promise<string> {
  const organisationId = viewer.organisation.id;
  await checkTeams(db, organisationId, form.scopeMode === "teams" ? form.teamIds : []);
  if (cycleId) {
    const cycle = await loadCycle(db, organisationId, cycleId);
    if (!isCycleDraft(cycle)) throw new AppError("conflict", "A launched cycle keeps the settings and wording it was launched with.");
    await db.update(cycles).set(values(form)).where(eq(cycles.id, cycle.id));
    await recordAudit(db, viewer, "cycle.edited", "cycle", cycle.id, {
      threshold: form.threshold,
      commentThreshold: form.commentThreshold,
    });
    return cycle.id;
  }
  const v = values(form);
  const [created] = await db
    .insert(cycles)
    .values({
      organisationId,
      kind: "organisation",
      status: "draft",
      frameworkVersion: v.questionnaire.frameworkVersion,
      createdByUserId: viewer.userId,
      ...v,
    })
    .returning({ id: cycles.id });
  await recordAudit(db, viewer, "cycle.created", "cycle", created!.id, {
    threshold: form.threshold,
    commentThreshold: form.commentThreshold,
  });
  return created!.id;
}

/** The people a cycle is for: everyone with direct reports, or those in the listed teams. */
export async function subjectsInScope(db: Executor, organisationId: string, scope: { teamIds: string[] }) {
  return db
    .select({ id: people.id, name: people.name, email: people.email })
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        eq(people.active, true),
        sql`exists (select 1 from people r where r.line_manager_id = ${people.id} and r.active)`,
        scope.teamIds.length ? inArray(people.teamId, scope.teamIds) : undefined,
      ),
    )
    .orderBy(asc(people.name));
}

/**
 * Launch: the cycle opens, its wording and settings freeze, every subject in scope gets a
 * feedback request and an e-mail asking them to choose raters.
 */
export async function launchCycle(db: Database, viewer: HrViewer, cycleId: string, now = new Date()) {
  const organisationId = viewer.organisation.id;
  const { cycle, subjects, leftOut } = await db.transaction(async (tx) => {
    const cycle = await lockCycle(tx, organisationId, cycleId);
    if (!cycle || cycle.kind !== "organisation") throw notFound("That cycle");
    if (!isCycleDraft(cycle)) throw new AppError("conflict", "This cycle has already been launched.");
    if (cycle.closesAt <= now)
      throw new AppError("invalid_input", "The close date has passed: edit the cycle first.", { closesOn: ["Choose a later close date."] });
    const subjects = await subjectsInScope(tx, organisationId, cycle.scope);
    if (subjects.length === 0) throw new AppError("invalid_input", "Nobody is in scope: no one in the chosen teams has direct reports.");
    const questionnaire = buildQuestionnaire(cycle.questionnaire.customItems.map((i) => i.text));
    await tx
      .update(cycles)
      .set({
        status: "open",
        launchedAt: now,
        opensAt: cycle.opensAt > now ? now : cycle.opensAt,
        questionnaire,
        frameworkVersion: questionnaire.frameworkVersion,
      })
      .where(eq(cycles.id, cycle.id));
    const created: { id: string; name: string; email: string; requestId: string }[] = [];
    // One open request per person (see otherOpenRequest): whoever already has feedback open in
    // another cycle is left out now, and can start theirs here once that one has closed.
    const leftOut: { name: string; cycleName: string }[] = [];
    for (const s of subjects) {
      const elsewhere = await otherOpenRequest(tx, organisationId, s.id, cycle.id);
      if (elsewhere) leftOut.push({ name: s.name, cycleName: elsewhere });
      else created.push({ ...s, requestId: await ensureRequest(tx, organisationId, cycle.id, s) });
    }
    await recordAudit(tx, viewer, "cycle.launched", "cycle", cycle.id, { subjects: created.length, leftOut: leftOut.length });
    return { cycle, subjects: created, leftOut };
  });
  for (const s of subjects) {
    await deliverMail(launchEmail(s, cycle.name, cycle.closesAt, `${env().appUrl}/requests/${s.requestId}`)).catch((error) =>
      console.error("[cycles] could not notify a subject:", error),
    );
  }
  return { subjects: subjects.length, leftOut };
}

function launchEmail(to: { email: string; name: string }, cycleName: string, closesAt: Date, link: string) {
  const first = to.name.split(" ")[0];
  const lines = [
    `${cycleName} has started, and you are one of the people being asked about: how you lead and how you manage, seen by yourself and by the people around you.`,
    `Choose who should rate you (your line manager, peers, direct reports and anyone else), then fill in your own self-assessment. Feedback closes on ${formatDate(closesAt)}.`,
  ];
  return {
    to: to.email,
    subject: `${cycleName}: choose who rates you`,
    text: [`Hello ${first},`, "", ...lines.flatMap((l) => [l, ""]), link].join("\n"),
    html: renderEmailHtml({
      heading: `${cycleName} has started`,
      paragraphs: [`Hello ${first},`, ...lines],
      action: { label: "Choose your raters", url: link },
    }),
  };
}

/**
 * HR moves a running cycle's close date later (raters who need more time; the date was the
 * only way to fix that, and the settings page 404s once launched). Only later: an earlier close
 * would cut off raters who were told another date. Refused once the cycle has closed, or once its
 * close date has passed (the close is then under way). Audited with both dates.
 */
export async function extendCycle(db: Database, viewer: HrViewer, cycleId: string, closesOn: string, now = new Date()) {
  const organisationId = viewer.organisation.id;
  if (!isUuid(cycleId)) throw notFound("That cycle");
  return db.transaction(async (tx) => {
    // Locked like a close: the close job cannot run between this check and the update.
    const cycle = await lockCycle(tx, organisationId, cycleId);
    if (!cycle || cycle.kind !== "organisation") throw notFound("That cycle");
    if (isCycleDraft(cycle)) throw new AppError("conflict", "This cycle has not been launched: change its dates in its settings.");
    if (!isCycleRunning(cycle) || cycle.closesAt <= now)
      throw new AppError("closed", "This cycle has closed, so its close date can no longer change.");
    // By date, as HR chooses it: the same day again is no extension.
    const closesAt = endOfDay(closesOn);
    if (closesOn <= isoDateOf(cycle.closesAt) || closesAt <= cycle.closesAt)
      throw new AppError("invalid_input", `Choose a date after the current close date, ${formatDate(cycle.closesAt)}.`, {
        closesOn: [`Choose a date after ${formatDate(cycle.closesAt)}.`],
      });
    await tx.update(cycles).set({ closesAt }).where(eq(cycles.id, cycle.id));
    await recordAudit(tx, viewer, "cycle.extended", "cycle", cycle.id, { from: isoDateOf(cycle.closesAt), to: closesOn });
    return { closesAt };
  });
}

export async function closeCycleAsHr(db: Database, viewer: HrViewer, cycleId: string) {
  const cycle = await loadCycle(db, viewer.organisation.id, cycleId);
  if (isCycleDraft(cycle)) throw new AppError("conflict", "A draft cycle cannot be closed: launch it or edit it.");
  const outcome = await closeCycle(db, viewer.organisation.id, cycle.id);
  if (outcome === "closed") await recordAudit(db, viewer, "cycle.closed", "cycle", cycle.id);
  return outcome;
}

export async function releaseAllAsHr(db: Database, viewer: HrViewer, cycleId: string) {
  await loadCycle(db, viewer.organisation.id, cycleId);
  const released = await releaseCycle(db, viewer, cycleId);
  await recordAudit(db, viewer, "reports.released", "cycle", cycleId, { reports: released });
  // Now rather than at the next job tick (which sends whatever this could not).
  await sendReportReadyMails(db, { cycleId });
  return released;
}

export async function releaseOneAsHr(db: Database, viewer: HrViewer, cycleId: string, requestId: string) {
  await loadCycle(db, viewer.organisation.id, cycleId);
  const [request] = await db
    .select({ id: feedbackRequests.id })
    .from(feedbackRequests)
    .where(
      and(
        eq(feedbackRequests.id, requestId),
        eq(feedbackRequests.cycleId, cycleId),
        eq(feedbackRequests.organisationId, viewer.organisation.id),
      ),
    );
  if (!request) throw notFound("That feedback request");
  const outcome = await releaseReport(db, viewer, request.id);
  if (outcome === "released") {
    await recordAudit(db, viewer, "report.released", "feedback_request", request.id);
    await sendReportReadyMails(db, { requestId: request.id });
  }
  return outcome;
}

/**
 * HR's bulk reminder: raters who have not answered, and subjects who have not chosen raters yet.
 * How many raters were reminded is neither returned nor audited: it is how many have not answered
 * yet, which the completion figures deliberately do not show for small totals.
 */
export async function remindAll(db: Database, viewer: HrViewer, cycleId: string, now = new Date()) {
  const cycle = await loadCycle(db, viewer.organisation.id, cycleId);
  if (!isCycleRunning(cycle)) throw new AppError("closed", "Only an open cycle can send reminders.");
  const requests = await db
    .select({ id: feedbackRequests.id, status: feedbackRequests.status, name: people.name, email: people.email })
    .from(feedbackRequests)
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .where(eq(feedbackRequests.cycleId, cycle.id));
  let subjects = 0;
  for (const r of requests) {
    if (r.status === "collecting") await remindRequest(db, r.id, now);
    if (r.status === "nominating") {
      const ok = await deliverMail(launchEmail(r, cycle.name, cycle.closesAt, `${env().appUrl}/requests/${r.id}`)).then(
        () => true,
        () => false,
      );
      if (ok) subjects++;
    }
  }
  await recordAudit(db, viewer, "cycle.reminded", "cycle", cycle.id, { subjects });
  return { subjects };
}
