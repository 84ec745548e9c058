import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invitations } from "@/lib/db/schema";

import { RATER_GROUPS, type RaterGroup } from "@/lib/report/groups";

export { GROUP_LABELS, RATER_GROUPS, type RaterGroup } from "@/lib/report/groups";

export { shownProgress, type ShownProgress } from "@/lib/report/progress";

/** Raw counts per rater group. Never shown as they are: pages get `shownProgress` of them. */
export interface GroupProgress {
  group: RaterGroup;
  invited: number;
  responded: number;
}

/**
 * Progress of feedback requests as counts per rater group, for the server only: what a page may
 * show of it is decided by `shownProgress` (lib/report/progress.ts), which turns an anonymous
 * group's count into "reached k or not". Declines are not counted at all: a declined invitation
 * stays within "invited". "Invited" means an invitation went out; revoking one later changes no
 * count, so revoking someone can never reveal whether they had answered.
 */
export async function progressByGroup(db: Executor, organisationId: string, requestIds: string[]): Promise<Map<string, GroupProgress[]>> {
  const result = new Map<string, GroupProgress[]>();
  if (requestIds.length === 0) return result;
  const rows = await db
    .select({
      requestId: invitations.requestId,
      group: invitations.raterGroup,
      invited: sql<number>`count(*) filter (where ${invitations.status} in ('sent', 'responded', 'declined'))`.mapWith(Number),
      responded: sql<number>`count(*) filter (where ${invitations.status} = 'responded')`.mapWith(Number),
    })
    .from(invitations)
    .where(and(eq(invitations.organisationId, organisationId), inArray(invitations.requestId, requestIds)))
    .groupBy(invitations.requestId, invitations.raterGroup);
  for (const id of requestIds) result.set(id, []);
  for (const r of rows) {
    if (r.invited === 0) continue;
    result.get(r.requestId)!.push({ group: r.group, invited: r.invited, responded: r.responded });
  }
  for (const list of result.values()) list.sort((a, b) => RATER_GROUPS.indexOf(a.group) - RATER_GROUPS.indexOf(b.group));
  return result;
}

export function totals(progress: GroupProgress[], { includeSelf = false } = {}) {
  const relevant = includeSelf ? progress : progress.filter((p) => p.group !== "self");
  return relevant.reduce((acc, p) => ({ invited: acc.invited + p.invited, responded: acc.responded + p.responded }), {
    invited: 0,
    responded: 0,
  });
}

/** Frozen or live raw counts of a request: the frozen ones once it has closed. */
export function rawProgress(finalProgress: unknown, live: GroupProgress[] | undefined): GroupProgress[] {
  const frozen = finalProgress as GroupProgress[] | null;
  return (frozen ?? live ?? []).map((p) => ({ group: p.group, invited: p.invited, responded: p.responded }));
}
