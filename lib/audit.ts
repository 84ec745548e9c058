import type { Viewer } from "@/lib/auth/viewer";
import type { Executor } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";

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
