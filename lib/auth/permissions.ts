import { and, eq, getTableColumns } from "drizzle-orm";
import { getDb, type Executor } from "@/lib/db";
import { cycles, feedbackRequests, people, reportSnapshots } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { isAwaitingApproval, isRequestOpen } from "@/lib/lifecycle";
import type { ReportSnapshot } from "@/lib/report/types";
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

export type Need = "view" | "manage" | "approve";

export type LoadedRequest = NonNullable<Awaited<ReturnType<typeof loadRequestRow>>>;

/** A request as its loader hands it over: the row, its cycle, its subject and the viewer's part in it. */
export type RequestContext = LoadedRequest & { access: RequestAccess };

/** The frozen report beside the request (null until it is released). */
export type ReportSnapshotRow = { data: ReportSnapshot; createdAt: Date } | null;

/** A request loaded for a report's reader: its frozen report, and its cycle without the questionnaire. */
export type ReportContext = Omit<RequestContext, "cycle"> & {
  cycle: Omit<RequestContext["cycle"], "questionnaire">;
  snapshot: ReportSnapshotRow;
};

const subjectColumns = {
  id: people.id,
  name: people.name,
  email: people.email,
  lineManagerId: people.lineManagerId,
  teamId: people.teamId,
};

const inOrganisation = (organisationId: string, requestId: string) =>
  and(eq(feedbackRequests.id, requestId), eq(feedbackRequests.organisationId, organisationId));

async function loadRequestRow(db: Executor, organisationId: string, requestId: string) {
  const [row] = await db
    .select({ request: feedbackRequests, cycle: cycles, subject: subjectColumns })
    .from(feedbackRequests)
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .where(inOrganisation(organisationId, requestId))
    .limit(1);
  return row ?? null;
}

// The report's readers never need the cycle's frozen questionnaire (the snapshot carries what it
// shows), and it is the largest value in the row. On PGlite every row crosses from the database's
// worker thread by copy: reading it on every report page cost about 3 points of the report page's
// throughput ratio in the bench (0.30 against 0.34 without it, back to back, docs/benchmark.md).
const { questionnaire: _questionnaire, ...cycleColumnsWithoutQuestionnaire } = getTableColumns(cycles);

/** The same row with the frozen snapshot joined, in the same round trip (for the report's readers). */
async function loadRequestRowWithSnapshot(db: Executor, organisationId: string, requestId: string) {
  const [row] = await db
    .select({
      request: feedbackRequests,
      cycle: cycleColumnsWithoutQuestionnaire,
      subject: subjectColumns,
      snapshot: { data: reportSnapshots.data, createdAt: reportSnapshots.createdAt },
    })
    .from(feedbackRequests)
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .leftJoin(reportSnapshots, eq(reportSnapshots.requestId, feedbackRequests.id))
    .where(inOrganisation(organisationId, requestId))
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
 * The one loader every read of a feedback request for a viewer goes through: a request the viewer
 * has a part in (subject, their line manager, or HR of the organisation), or not-found. `need`
 * narrows who qualifies; `snapshot` joins the frozen report for the readers that show it.
 */
export async function loadRequestFor(
  viewer: Viewer,
  requestId: string,
  need: Need,
  db: Executor | undefined,
  options: { snapshot: true },
): Promise<ReportContext>;
export async function loadRequestFor(viewer: Viewer, requestId: string, need?: Need, db?: Executor): Promise<RequestContext>;
export async function loadRequestFor(
  viewer: Viewer,
  requestId: string,
  need: Need = "view",
  db?: Executor,
  options?: { snapshot: true },
): Promise<RequestContext | ReportContext> {
  if (!isUuid(requestId)) throw notFound("That feedback request");
  const executor = db ?? (await getDb());
  const row = options?.snapshot
    ? await loadRequestRowWithSnapshot(executor, viewer.organisation.id, requestId)
    : await loadRequestRow(executor, viewer.organisation.id, requestId);
  if (!row) throw notFound("That feedback request");
  const access = requestAccess(viewer, row.subject.id, row.request.lineManagerPersonId);
  if (!allowedTo(access, need)) throw notFound("That feedback request");
  return { ...row, access };
}

/** Who qualifies for `need`: the rule loadRequestFor applies. */
export function allowedTo(access: RequestAccess, need: Need): boolean {
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

declare const hrChecked: unique symbol;

/**
 * A viewer who has been checked to be HR of their organisation. Only `asHr` makes one, and the
 * declared wrappers (hrAction, hrRoute, requireViewer({ role: "hr" })) call it, so a query typed
 * to take an HrViewer is reachable only through an HR declaration: the compiler proves it.
 */
export type HrViewer = Viewer & { readonly [hrChecked]: true };

/** The HR rule, in one place: HR-only work (directory, cycles, dashboards, audit log) is not-found to anyone else. */
export function asHr(viewer: Viewer): HrViewer {
  const hr = hrViewerOf(viewer);
  if (!hr) throw notFound("That page");
  return hr;
}

/** The same rule for a page that shows an HR section beside what everyone sees. */
export function hrViewerOf(viewer: Viewer): HrViewer | null {
  return hasRole(viewer, "hr") ? (viewer as HrViewer) : null;
}
