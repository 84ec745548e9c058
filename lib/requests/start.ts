import { and, asc, eq, gt, inArray, ne, notExists, or, sql } from "drizzle-orm";
import { allowedTo, requestAccess } from "@/lib/auth/permissions";
import { hasRole, type Viewer } from "@/lib/auth/viewer";
import type { Executor } from "@/lib/db";
import { cycles, feedbackRequests, invitations, people } from "@/lib/db/schema";
import { endOfDay } from "@/lib/dates";
import { AppError, notFound } from "@/lib/errors";
import { buildQuestionnaire } from "@/lib/framework";
import { mayInviteIn, OPEN_CYCLE_STATUS, OPEN_REQUEST_STATUSES } from "@/lib/lifecycle";
import { DEFAULT_GROUP_LIMITS } from "./limits";
import { joinSubjectLedger, subjectKey } from "./subject-ledger";

/**
 * Is a person a subject of an organisation cycle? Subjects are the people with direct reports:
 * everyone of them, or those in the teams the cycle lists.
 */
export function isInScope(scope: { teamIds: string[] }, person: { teamId: string | null }, hasDirectReports: boolean): boolean {
  if (!hasDirectReports) return false;
  return scope.teamIds.length === 0 || Boolean(person.teamId && scope.teamIds.includes(person.teamId));
}

async function hasDirectReports(db: Executor, organisationId: string, personId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), eq(people.lineManagerId, personId), eq(people.active, true)))
    .limit(1);
  return Boolean(row);
}

/**
 * A feedback request with its self-assessment slot. Idempotent: a second call (or HR's launch
 * racing the manager's click) finds the existing request.
 */
export async function ensureRequest(
  db: Executor,
  organisationId: string,
  cycleId: string,
  subject: { id: string; email: string },
): Promise<string> {
  const [current] = await db.select({ lineManagerId: people.lineManagerId }).from(people).where(eq(people.id, subject.id));
  const { ledger, key } = await joinSubjectLedger(db, organisationId, subject);
  await db
    .insert(feedbackRequests)
    .values({
      organisationId,
      cycleId,
      subjectPersonId: subject.id,
      subjectLedger: ledger,
      subjectKey: key,
      lineManagerPersonId: current?.lineManagerId ?? null,
    })
    .onConflictDoNothing();
  const [request] = await db
    .select({ id: feedbackRequests.id })
    .from(feedbackRequests)
    .where(and(eq(feedbackRequests.cycleId, cycleId), eq(feedbackRequests.subjectPersonId, subject.id)));
  await db
    .insert(invitations)
    .values({
      organisationId,
      requestId: request!.id,
      raterPersonId: subject.id,
      raterEmail: subject.email,
      raterGroup: "self",
      status: "sent", // nothing to send: the subject fills it in from their dashboard
    })
    .onConflictDoNothing();
  return request!.id;
}

/**
 * One open request per person, across HR cycles and personal requests: two reports over the same
 * raters at the same time can be subtracted from each other (raters answer alike within weeks),
 * and the ledger at release cannot tell whose answers are whose. Locks the person's directory row
 * for the caller's transaction, so two starts (HR's launch and the person's own click) serialise.
 * Returns the cycle name of the open request elsewhere, or null.
 */
export async function otherOpenRequest(
  db: Executor,
  organisationId: string,
  personId: string,
  cycleId: string | null,
): Promise<string | null> {
  const [person] = await db
    .select({ email: people.email })
    .from(people)
    .where(and(eq(people.id, personId), eq(people.organisationId, organisationId)))
    .for("update");
  const [open] = await db
    .select({ cycleName: cycles.name })
    .from(feedbackRequests)
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .where(
      and(
        eq(feedbackRequests.organisationId, organisationId),
        // The person under this entry or any other entry for their mailbox (subject-ledger.ts).
        person
          ? or(eq(feedbackRequests.subjectPersonId, personId), eq(feedbackRequests.subjectKey, subjectKey(person.email)))
          : eq(feedbackRequests.subjectPersonId, personId),
        inArray(feedbackRequests.status, [...OPEN_REQUEST_STATUSES]),
        cycleId ? ne(feedbackRequests.cycleId, cycleId) : undefined,
      ),
    )
    .limit(1);
  return open?.cycleName ?? null;
}

function alreadyOpen(cycleName: string) {
  return new AppError(
    "conflict",
    `You already have feedback open in ${cycleName}. One feedback request runs at a time, so that two reports over the same raters can never be compared to single someone out: start this one once that one has closed.`,
  );
}

export interface StartableCycle {
  id: string;
  name: string;
  closesAt: Date;
}

/** Open organisation cycles the viewer is in scope of but has no request in yet. */
export async function listStartableCycles(db: Executor, viewer: Viewer, now = new Date()): Promise<StartableCycle[]> {
  const person = viewer.person;
  if (!person) return [];
  const open = await db
    .select({ id: cycles.id, name: cycles.name, closesAt: cycles.closesAt, scope: cycles.scope })
    .from(cycles)
    .where(
      and(
        eq(cycles.organisationId, viewer.organisation.id),
        eq(cycles.status, OPEN_CYCLE_STATUS),
        eq(cycles.kind, "organisation"),
        gt(cycles.closesAt, now),
        notExists(
          db
            .select({ one: sql`1` })
            .from(feedbackRequests)
            .where(and(eq(feedbackRequests.cycleId, cycles.id), eq(feedbackRequests.subjectPersonId, person.id))),
        ),
      ),
    )
    .orderBy(asc(cycles.closesAt));
  if (open.length === 0) return [];
  const reports = await hasDirectReports(db, viewer.organisation.id, person.id);
  return open.filter((c) => isInScope(c.scope, person, reports)).map(({ id, name, closesAt }) => ({ id, name, closesAt }));
}

export async function startRequestInCycle(db: Executor, viewer: Viewer, cycleId: string, now = new Date()): Promise<string> {
  const person = viewer.person;
  if (!person) throw notFound("That cycle");
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.organisationId, viewer.organisation.id)));
  if (!cycle) throw notFound("That cycle");
  const [existing] = await db
    .select({ id: feedbackRequests.id })
    .from(feedbackRequests)
    .where(and(eq(feedbackRequests.cycleId, cycle.id), eq(feedbackRequests.subjectPersonId, person.id)));
  if (existing) return existing.id; // HR already created it: find it
  if (!mayInviteIn(cycle, now)) {
    throw new AppError("closed", `${cycle.name} is not open, so a feedback request cannot be started in it.`);
  }
  if (cycle.kind !== "organisation" || !isInScope(cycle.scope, person, await hasDirectReports(db, viewer.organisation.id, person.id))) {
    throw notFound("That cycle");
  }
  return db.transaction(async (tx) => {
    const elsewhere = await otherOpenRequest(tx, viewer.organisation.id, person.id, cycle.id);
    if (elsewhere) throw alreadyOpen(elsewhere);
    return ensureRequest(tx, viewer.organisation.id, cycle.id, person);
  });
}

/**
 * Outside any HR cycle: a small cycle of the manager's own, with the organisation's default
 * threshold and the close date they choose.
 */
export async function startPersonalRequest(db: Executor, viewer: Viewer, closesOn: string, now = new Date()): Promise<string> {
  const person = viewer.person;
  if (!person || !hasRole(viewer, "manager")) {
    throw new AppError("not_found", "Personal feedback requests are for managers. Ask HR to include you in a cycle.");
  }
  const questionnaire = buildQuestionnaire();
  const threshold = viewer.organisation.defaultThreshold;
  return db.transaction(async (tx) => {
    const elsewhere = await otherOpenRequest(tx, viewer.organisation.id, person.id, null);
    if (elsewhere) throw alreadyOpen(elsewhere);
    const [cycle] = await tx
      .insert(cycles)
      .values({
        organisationId: viewer.organisation.id,
        name: `${person.name}'s personal feedback`,
        kind: "personal",
        status: "open",
        opensAt: now,
        closesAt: endOfDay(closesOn),
        threshold,
        commentThreshold: threshold,
        requiresApproval: false,
        groupLimits: DEFAULT_GROUP_LIMITS,
        frameworkVersion: questionnaire.frameworkVersion,
        questionnaire,
        createdByUserId: viewer.userId,
        launchedAt: now,
      })
      .returning({ id: cycles.id });
    return ensureRequest(tx, viewer.organisation.id, cycle!.id, person);
  });
}

/** Requests waiting for this viewer's approval: as the subject's line manager, or as HR. */
export async function listAwaitingApproval(db: Executor, viewer: Viewer) {
  const conditions = [eq(feedbackRequests.organisationId, viewer.organisation.id), eq(feedbackRequests.status, "awaiting_approval")];
  const rows = await db
    .select({
      id: feedbackRequests.id,
      subjectName: people.name,
      subjectId: people.id,
      lineManagerId: feedbackRequests.lineManagerPersonId,
      cycleName: cycles.name,
    })
    .from(feedbackRequests)
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .where(and(...conditions))
    .orderBy(asc(people.name));
  // The same rule that lets them open the request to approve it.
  return rows.filter((r) => allowedTo(requestAccess(viewer, r.subjectId, r.lineManagerId), "approve"));
}
