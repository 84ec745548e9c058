import { and, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/lib/db";
import { cycles, feedbackRequests, people } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { isAwaitingApproval, isRequestOpen } from "@/lib/lifecycle";
import { hasRole, type Viewer } from "./viewer";

/**
 * Who may do what with a feedback request, decided in one place. Everything is scoped to the
 * viewer's organisation; a request the viewer has no part in is "not found", never "forbidden".
 */

export interface RequestAccess {
  /** The person being rated. */
  isSubject: boolean;
  /** The subject's line manager. */
  isLineManager: boolean;
  isHr: boolean;
}

export type LoadedRequest = Awaited<ReturnType<typeof loadRequestRow>>;

async function loadRequestRow(db: Executor, organisationId: string, requestId: string) {
  const [row] = await db
    .select({
      request: feedbackRequests,
      cycle: cycles,
      subject: { id: people.id, name: people.name, email: people.email, lineManagerId: people.lineManagerId, teamId: people.teamId },
    })
    .from(feedbackRequests)
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .where(and(eq(feedbackRequests.id, requestId), eq(feedbackRequests.organisationId, organisationId)))
    .limit(1);
  return row ?? null;
}

/** `lineManagerId` is the line manager frozen on the request when it started, not today's. */
export function requestAccess(viewer: Viewer, subjectId: string, lineManagerId: string | null): RequestAccess {
  const me = viewer.person?.id;
  return {
    isSubject: Boolean(me && me === subjectId),
    isLineManager: Boolean(me && lineManagerId === me),
    isHr: hasRole(viewer, "hr"),
  };
}

/**
 * Load a request the viewer has a part in (subject, their line manager, or HR of the organisation),
 * or throw not-found. `need` narrows who qualifies.
 */
export async function loadRequestFor(viewer: Viewer, requestId: string, need: "view" | "manage" | "approve" = "view", db?: Executor) {
  if (!isUuid(requestId)) throw notFound("That feedback request");
  const row = await loadRequestRow(db ?? (await getDb()), viewer.organisation.id, requestId);
  if (!row) throw notFound("That feedback request");
  const access = requestAccess(viewer, row.subject.id, row.request.lineManagerPersonId);
  if (!allowedTo(access, need)) throw notFound("That feedback request");
  return { ...row, access };
}

/** Who qualifies for `need`: the rule loadRequestFor applies, for callers that load their own row. */
export function allowedTo(access: RequestAccess, need: "view" | "manage" | "approve"): boolean {
  return need === "manage"
    ? access.isSubject
    : need === "approve"
      ? (access.isLineManager || access.isHr) && !access.isSubject
      : access.isSubject || access.isLineManager || access.isHr;
}

/**
 * Only the subject adds raters. Approvers may take raters off the list while it waits for them,
 * but never add: someone who can read the report must not be able to put raters of their own
 * choosing (or their own making) into it.
 */
export function canAddRaters(access: RequestAccess, request: { status: string }): boolean {
  return access.isSubject && isRequestOpen(request);
}

export function canRemoveRaters(access: RequestAccess, request: { status: string }): boolean {
  if (access.isSubject) return isRequestOpen(request);
  return (access.isLineManager || access.isHr) && isAwaitingApproval(request);
}

/**
 * May the viewer read this request's released report? The subject always; their line manager and
 * HR only as far as the cycle shares reports with them.
 */
export function canReadReport(access: RequestAccess, cycle: { shareWithLineManager: boolean; shareWithHr: boolean }): boolean {
  return access.isSubject || (access.isLineManager && cycle.shareWithLineManager) || (access.isHr && cycle.shareWithHr);
}

/** HR-only work (directory, cycles, dashboards, audit log): anyone else gets not-found. */
export function assertHr(viewer: Viewer): void {
  if (!hasRole(viewer, "hr")) throw notFound("That page");
}
