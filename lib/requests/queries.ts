import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { allowedTo, canReadReport, requestAccess, type RequestAccess } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db";
import { earlierPromises } from "@/lib/reports/promises";
import { cycles, feedbackRequests, people } from "@/lib/db/schema";
import { LAUNCHED_CYCLE_STATUSES } from "@/lib/lifecycle";
import { progressByGroup, rawProgress, shownProgress, type ShownProgress } from "./progress";
import { listAskedOfYou } from "./asked-of-you";
import { listAwaitingApproval, listStartableCycles } from "./start";

export interface RequestSummary {
  id: string;
  status: "nominating" | "awaiting_approval" | "collecting" | "closed" | "released";
  subject: { id: string; name: string };
  cycle: { id: string; name: string; status: string; closesAt: Date; kind: string };
  /** Per group, only what may be shown (an anonymous group: reached k or not). */
  progress: ShownProgress[];
  /** The viewer's part in it, by the rule every page of the request applies (lib/auth/permissions). */
  access: RequestAccess;
  /** Released, and the viewer may read the report: the home page offers its link only then. */
  reportReadable: boolean;
}

/**
 * The viewer's requests matching `where`, each with the viewer's access to it worked out by
 * requestAccess, the function the request's and the report's pages use: a row the viewer could not
 * open is dropped, and a report link is offered only where canReadReport allows it, so no list
 * can offer a link its page refuses.
 */
async function summarise(viewer: Viewer, where: ReturnType<typeof and>): Promise<RequestSummary[]> {
  const organisationId = viewer.organisation.id;
  const db = await getDb();
  const rows = await db
    .select({
      id: feedbackRequests.id,
      status: feedbackRequests.status,
      lineManagerId: feedbackRequests.lineManagerPersonId,
      subjectId: people.id,
      subjectName: people.name,
      cycleId: cycles.id,
      cycleName: cycles.name,
      cycleStatus: cycles.status,
      closesAt: cycles.closesAt,
      kind: cycles.kind,
      threshold: cycles.threshold,
      finalProgress: feedbackRequests.finalProgress,
      shareWithLineManager: cycles.shareWithLineManager,
      shareWithHr: cycles.shareWithHr,
    })
    .from(feedbackRequests)
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .where(and(eq(feedbackRequests.organisationId, organisationId), where))
    .orderBy(desc(cycles.closesAt), people.name);
  const ids = rows.map((r) => r.id);
  // Progress is judged at the k each report will run at (a larger one an earlier report of the
  // same person promised), as the request and report pages judge it: a list judging at the
  // cycle's own k would say "enough" where the page says "not yet", and so tell who answered.
  const [progress, promised] = await Promise.all([progressByGroup(db, organisationId, ids), earlierPromises(db, organisationId, ids)]);
  return rows.flatMap((r) => {
    const access = requestAccess(viewer, r.subjectId, r.lineManagerId);
    if (!allowedTo(access, "view")) return [];
    const shared = { shareWithLineManager: r.shareWithLineManager, shareWithHr: r.shareWithHr };
    return [
      {
        id: r.id,
        status: r.status,
        subject: { id: r.subjectId, name: r.subjectName },
        cycle: { id: r.cycleId, name: r.cycleName, status: r.cycleStatus, closesAt: r.closesAt, kind: r.kind },
        // After close, per-invitation status is erased; the counts frozen at close are the record.
        // Either way the page gets only whether each anonymous group has reached k.
        progress: shownProgress(rawProgress(r.finalProgress, progress.get(r.id)), Math.max(r.threshold, promised.get(r.id) ?? 0)),
        access,
        reportReadable: r.status === "released" && canReadReport(access, shared),
      },
    ];
  });
}

/** The viewer's own feedback requests, newest cycle first. */
export async function listOwnRequests(viewer: Viewer): Promise<RequestSummary[]> {
  if (!viewer.person) return [];
  return (await summarise(viewer, eq(feedbackRequests.subjectPersonId, viewer.person.id))).filter((r) => r.access.isSubject);
}

/**
 * Requests of the viewer's direct reports in cycles that are still running (counts only). "Direct
 * report" means the line manager frozen on the request when it started, the same rule that gives
 * access to it (lib/auth/permissions.ts): a change of reporting line since then moves neither the
 * request nor who may follow it.
 */
export async function listDirectReportRequests(viewer: Viewer): Promise<RequestSummary[]> {
  if (!viewer.person) return [];
  const rows = await summarise(
    viewer,
    and(
      // A first cut in SQL; requestAccess decides (below), as it does on the request's own pages.
      eq(feedbackRequests.lineManagerPersonId, viewer.person.id),
      ne(feedbackRequests.subjectPersonId, viewer.person.id),
      inArray(cycles.status, [...LAUNCHED_CYCLE_STATUSES]),
    ),
  );
  return rows.filter((r) => r.access.isLineManager && !r.access.isSubject);
}

/** Open organisation cycles where the viewer could start a request (dashboard). */
export async function listStartable(viewer: Viewer) {
  return listStartableCycles(await getDb(), viewer);
}

/** Requests waiting for the viewer's approval (dashboard). */
export async function listApprovals(viewer: Viewer) {
  return listAwaitingApproval(await getDb(), viewer);
}

/** Open invitations addressed to the viewer, to rate someone (dashboard; see asked-of-you.ts). */
export async function listAskedOfViewer(viewer: Viewer) {
  return listAskedOfYou(await getDb(), viewer);
}
