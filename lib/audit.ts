import { desc, eq, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb, type Executor } from "@/lib/db";
import { auditLog, users } from "@/lib/db/schema";

/**
 * Append to the audit log: who did what to which thing, when. Never scores, never comment text,
 * never a rater's identity (the details object is for ids and settings only).
 */
export async function recordAudit(
  db: Executor,
  actor: Viewer | { userId: string | null; organisation: { id: string } },
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditLog).values({
    organisationId: actor.organisation.id,
    actorUserId: actor.userId,
    action,
    targetType,
    targetId,
    details,
  });
}

const ACTIONS: Record<string, string> = {
  "report.viewed": "Read a report",
  "report.released": "Released a report",
  "reports.released": "Released all reports of a cycle",
  "dashboard.exported": "Exported a dashboard",
  "directory.imported": "Imported the directory",
  "person.added": "Added a person",
  "person.edited": "Edited a person",
  "person.deactivated": "Deactivated a person",
  "person.reactivated": "Reactivated a person",
  "person.erased": "Erased a person's personal data",
  "role.granted": "Granted a role",
  "role.revoked": "Took away a role",
  "cycle.created": "Created a cycle",
  "cycle.edited": "Edited a cycle",
  "cycle.launched": "Launched a cycle",
  "cycle.closed": "Closed a cycle",
  "cycle.reminded": "Sent reminders",
  "nomination.added": "Added a rater",
  "nomination.removed": "Took a rater off the list",
  "nominations.submitted": "Sent raters for approval or invitation",
  "nominations.approved": "Approved raters",
  "nominations.returned": "Sent raters back",
  "demo.seeded": "Created the demo data",
};

export function describeAction(action: string): string {
  return ACTIONS[action] ?? action;
}

/** The audit log for HR, newest first. Read-only: the table rejects changes. */
export async function listAudit(viewer: HrViewer, page = 1, pageSize = 50) {
  const db = await getDb();
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.createdAt,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      details: auditLog.details,
      actor: sql<string | null>`(select ${users.email} from ${users} where ${users.id} = ${auditLog.actorUserId})`,
    })
    .from(auditLog)
    .where(eq(auditLog.organisationId, viewer.organisation.id))
    .orderBy(desc(auditLog.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return { entries: rows.slice(0, pageSize), hasMore: rows.length > pageSize, page };
}
