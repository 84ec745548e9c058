import { and, eq } from "drizzle-orm";
import { allowedTo, canReadReport, requestAccess } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { recordAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { cycles, feedbackRequests, people, reportSnapshots } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import type { ReportSnapshot } from "@/lib/report/types";
import { withoutLegacySpread } from "@/lib/report/gaps";
import { progressByGroup, rawProgress, shownProgress, type ShownProgress } from "@/lib/requests/progress";

export type ReportView =
  | { state: "released"; snapshot: ReportSnapshot; releasedAt: Date; ownReport: boolean; requestId: string }
  | {
      state: "not_released";
      closesAt: Date;
      progress: ShownProgress[];
      /** Closed: the progress is final. */
      final: boolean;
      ownReport: boolean;
      subjectName: string;
      cycleName: string;
      requestId: string;
    };

/**
 * A report for someone allowed to read it, from its frozen snapshot; anyone else gets not-found.
 * Every read by someone other than the subject is written to the audit log (never its content).
 */
export async function getReport(viewer: Viewer, requestId: string, via: "page" | "json" | "csv" | "pdf"): Promise<ReportView> {
  const db = await getDb();
  // One round trip for the request, its cycle, its subject and (once released) the snapshot: the
  // same row and checks as loadRequestFor, with the frozen report beside it.
  if (!isUuid(requestId)) throw notFound("That feedback request");
  const [row] = await db
    .select({
      request: feedbackRequests,
      cycle: {
        closesAt: cycles.closesAt,
        name: cycles.name,
        threshold: cycles.threshold,
        shareWithLineManager: cycles.shareWithLineManager,
        shareWithHr: cycles.shareWithHr,
      },
      subject: { id: people.id, name: people.name },
      snapshot: { data: reportSnapshots.data, createdAt: reportSnapshots.createdAt },
    })
    .from(feedbackRequests)
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .leftJoin(reportSnapshots, eq(reportSnapshots.requestId, feedbackRequests.id))
    .where(and(eq(feedbackRequests.id, requestId), eq(feedbackRequests.organisationId, viewer.organisation.id)))
    .limit(1);
  if (!row) throw notFound("That feedback request");
  const access = requestAccess(viewer, row.subject.id, row.request.lineManagerPersonId);
  if (!allowedTo(access, "view")) throw notFound("That feedback request");
  if (!canReadReport(access, row.cycle)) throw notFound("That report");
  const ownReport = access.isSubject;
  if (row.request.status !== "released") {
    const live = row.request.finalProgress
      ? undefined
      : (await progressByGroup(db, row.request.organisationId, [row.request.id])).get(row.request.id);
    const progress = shownProgress(rawProgress(row.request.finalProgress, live), row.cycle.threshold);
    return {
      state: "not_released",
      closesAt: row.cycle.closesAt,
      progress,
      final: row.request.finalProgress != null,
      ownReport,
      subjectName: row.subject.name,
      cycleName: row.cycle.name,
      requestId: row.request.id,
    };
  }
  if (!row.snapshot?.data) throw notFound("That report");
  if (!ownReport) await recordAudit(db, viewer, "report.viewed", "feedback_request", row.request.id, { via });
  return {
    state: "released",
    snapshot: withoutLegacySpread(row.snapshot.data as ReportSnapshot),
    releasedAt: row.request.releasedAt ?? row.snapshot.createdAt,
    ownReport,
    requestId: row.request.id,
  };
}
