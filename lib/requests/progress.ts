import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invitations } from "@/lib/db/schema";

export type RaterGroup = "self" | "manager" | "peer" | "direct_report" | "other";
export const RATER_GROUPS: readonly RaterGroup[] = ["self", "manager", "peer", "direct_report", "other"];
export const ANONYMOUS_GROUPS: readonly RaterGroup[] = ["peer", "direct_report", "other"];

export const GROUP_LABELS: Record<RaterGroup, { one: string; many: string }> = {
  self: { one: "Self", many: "Self" },
  manager: { one: "Line manager", many: "Line managers" },
  peer: { one: "Peer", many: "Peers" },
  direct_report: { one: "Direct report", many: "Direct reports" },
  other: { one: "Other rater", many: "Other raters" },
};

export interface GroupProgress {
  group: RaterGroup;
  invited: number;
  responded: number;
  declined: number;
}

/**
 * Progress of feedback requests as counts per rater group: the only view of progress anyone gets.
 * It never says which person responded. Revoked invitations do not count.
 */
export async function progressByGroup(
  db: Executor,
  organisationId: string,
  requestIds: string[],
): Promise<Map<string, GroupProgress[]>> {
  const result = new Map<string, GroupProgress[]>();
  if (requestIds.length === 0) return result;
  const rows = await db
    .select({
      requestId: invitations.requestId,
      group: invitations.raterGroup,
      invited: sql<number>`count(*) filter (where ${invitations.status} <> 'revoked')`.mapWith(Number),
      responded: sql<number>`count(*) filter (where ${invitations.status} = 'responded')`.mapWith(Number),
      declined: sql<number>`count(*) filter (where ${invitations.status} = 'declined')`.mapWith(Number),
    })
    .from(invitations)
    .where(and(eq(invitations.organisationId, organisationId), inArray(invitations.requestId, requestIds)))
    .groupBy(invitations.requestId, invitations.raterGroup);
  for (const id of requestIds) result.set(id, []);
  for (const r of rows) {
    if (r.invited === 0) continue;
    result.get(r.requestId)!.push({ group: r.group, invited: r.invited, responded: r.responded, declined: r.declined });
  }
  for (const list of result.values()) list.sort((a, b) => RATER_GROUPS.indexOf(a.group) - RATER_GROUPS.indexOf(b.group));
  return result;
}

export function totals(progress: GroupProgress[], { includeSelf = false } = {}) {
  const relevant = includeSelf ? progress : progress.filter((p) => p.group !== "self");
  return relevant.reduce(
    (acc, p) => ({ invited: acc.invited + p.invited, responded: acc.responded + p.responded, declined: acc.declined + p.declined }),
    { invited: 0, responded: 0, declined: 0 },
  );
}
