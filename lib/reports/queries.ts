import { eq } from "drizzle-orm";
import { canReadReport, loadRequestFor } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { recordAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { reportSnapshots } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import type { ReportSnapshot } from "@/lib/report/types";
import { progressByGroup, type GroupProgress } from "@/lib/requests/progress";

export type ReportView =
  | { state: "released"; snapshot: ReportSnapshot; releasedAt: Date; ownReport: boolean; requestId: string }
  | {
      state: "not_released";
      closesAt: Date;
      progress: GroupProgress[];
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
  const ctx = await loadRequestFor(viewer, requestId, "view", db);
  if (!canReadReport(ctx.access, ctx.cycle)) throw notFound("That report");
  const ownReport = ctx.access.isSubject;
  if (ctx.request.status !== "released") {
    const progress =
      ctx.request.finalProgress ?? (await progressByGroup(db, ctx.request.organisationId, [ctx.request.id])).get(ctx.request.id) ?? [];
    return {
      state: "not_released",
      closesAt: ctx.cycle.closesAt,
      progress: progress as GroupProgress[],
      ownReport,
      subjectName: ctx.subject.name,
      cycleName: ctx.cycle.name,
      requestId: ctx.request.id,
    };
  }
  const [row] = await db.select().from(reportSnapshots).where(eq(reportSnapshots.requestId, ctx.request.id));
  if (!row) throw notFound("That report");
  if (!ownReport) await recordAudit(db, viewer, "report.viewed", "feedback_request", ctx.request.id, { via });
  return {
    state: "released",
    snapshot: row.data as ReportSnapshot,
    releasedAt: ctx.request.releasedAt ?? row.createdAt,
    ownReport,
    requestId: ctx.request.id,
  };
}
