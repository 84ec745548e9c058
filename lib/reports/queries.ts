import { canReadReport, loadRequestFor, type ReportContext, type RequestContext } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { recordAudit } from "@/lib/audit";
import { getDb, type Executor } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { ReportSnapshot } from "@/lib/report/types";
import { withoutLegacySpread } from "@/lib/report/gaps";
import { progressByGroup, rawProgress, shownProgress, type ShownProgress } from "@/lib/requests/progress";
import { promisedThresholdFor } from "./promises";

export type ReportView =
  | {
      state: "released";
      snapshot: ReportSnapshot;
      releasedAt: Date;
      ownReport: boolean;
      requestId: string;
      /** A follow-up pulse's report: the request it follows up, whose pulse page shows the change. */
      pulseOf: string | null;
    }
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
export async function getReport(viewer: Viewer, requestId: string, via: ReportVia): Promise<ReportView> {
  const db = await getDb();
  // The one loader, with the frozen report joined in the same round trip.
  return reportOf(await loadRequestFor(viewer, requestId, "view", db, { snapshot: true }), viewer, via, db);
}

export type ReportVia = "page" | "json" | "csv" | "pdf";

/** The report of a request already loaded for the viewer (requestRoute), under canReadReport. */
export async function reportOf(row: ReportContext, viewer: Viewer, via: ReportVia, db?: Executor): Promise<ReportView> {
  const access = row.access;
  if (!canReadReport(access, row.cycle)) throw notFound("That report");
  db ??= await getDb();
  const ownReport = access.isSubject;
  if (row.request.status !== "released") {
    const live = row.request.finalProgress
      ? undefined
      : (await progressByGroup(db, row.request.organisationId, [row.request.id])).get(row.request.id);
    const progress = shownProgress(
      rawProgress(row.request.finalProgress, live),
      await promisedThresholdFor(db, row.request, row.cycle.threshold),
    );
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
  // A pulse's figures are published only next to the report it follows up, and only for groups
  // shown in both (lib/report/pulse.ts): on its own, a pulse would show a group the original hid.
  // So it has no CSV, PDF or JSON of its own, and its page leads to the comparison.
  if (row.cycle.kind === "pulse" && via !== "page") throw notFound("That report");
  if (!ownReport) await recordAudit(db, viewer, "report.viewed", "feedback_request", row.request.id, { via });
  return {
    state: "released",
    snapshot: withoutLegacySpread(row.snapshot.data),
    releasedAt: row.request.releasedAt ?? row.snapshot.createdAt,
    ownReport,
    requestId: row.request.id,
    pulseOf: row.cycle.kind === "pulse" ? row.request.pulseOfRequestId : null,
  };
}
