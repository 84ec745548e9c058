import { and, eq } from "drizzle-orm";
import { getDb, type Executor } from "@/lib/db";
import { cycles, feedbackRequests, people } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestAccess(viewer: Viewer, subject: { id: string; lineManagerId: string | null }): RequestAccess {
  const me = viewer.person?.id;
  return {
    isSubject: Boolean(me && me === subject.id),
    isLineManager: Boolean(me && subject.lineManagerId === me),
    isHr: hasRole(viewer, "hr"),
  };
}

/**
 * Load a request the viewer has a part in (subject, their line manager, or HR of the organisation),
 * or throw not-found. `need` narrows who qualifies.
 */
export async function loadRequestFor(
  viewer: Viewer,
  requestId: string,
  need: "view" | "manage" | "approve" = "view",
  db?: Executor,
) {
  if (!UUID.test(requestId)) throw notFound("That feedback request");
  const row = await loadRequestRow(db ?? (await getDb()), viewer.organisation.id, requestId);
  if (!row) throw notFound("That feedback request");
  const access = requestAccess(viewer, row.subject);
  const allowed =
    need === "manage"
      ? access.isSubject
      : need === "approve"
        ? (access.isLineManager || access.isHr) && !access.isSubject
        : access.isSubject || access.isLineManager || access.isHr;
  if (!allowed) throw notFound("That feedback request");
  return { ...row, access };
}

/** May the viewer change the nominations of this request right now? */
export function canEditNominations(access: RequestAccess, request: { status: string }): boolean {
  if (access.isSubject) return request.status !== "closed" && request.status !== "released";
  // Approvers may edit while the nominations wait for them.
  return (access.isLineManager || access.isHr) && request.status === "awaiting_approval";
}

/**
 * May the viewer read this request's released report? The subject always; their line manager and
 * HR only as far as the cycle shares reports with them.
 */
export function canReadReport(access: RequestAccess, cycle: { shareWithLineManager: boolean; shareWithHr: boolean }): boolean {
  return access.isSubject || (access.isLineManager && cycle.shareWithLineManager) || (access.isHr && cycle.shareWithHr);
}
