import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { ballots, invitations, responses } from "@/lib/db/schema";

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
    })
    .from(invitations)
    .where(and(eq(invitations.organisationId, organisationId), inArray(invitations.requestId, requestIds)))
    .groupBy(invitations.requestId, invitations.raterGroup);
  // Who answered is written nowhere (ADR 7): answers are counted from the sealed ballots per
  // group, plus responses from before sealed ballots that still name their invitation.
  const answered = await db
    .select({ requestId: ballots.requestId, group: ballots.raterGroup, n: sql<number>`count(*)`.mapWith(Number) })
    .from(ballots)
    .where(and(eq(ballots.organisationId, organisationId), inArray(ballots.requestId, requestIds)))
    .groupBy(ballots.requestId, ballots.raterGroup);
  const legacy = await db
    .select({ requestId: responses.requestId, group: responses.raterGroup, n: sql<number>`count(*)`.mapWith(Number) })
    .from(responses)
    .where(and(eq(responses.organisationId, organisationId), inArray(responses.requestId, requestIds), isNotNull(responses.invitationId)))
    .groupBy(responses.requestId, responses.raterGroup);
  const respondedOf = (requestId: string, group: string) =>
    [...answered, ...legacy].filter((a) => a.requestId === requestId && a.group === group).reduce((sum, a) => sum + a.n, 0);
  for (const id of requestIds) result.set(id, []);
  for (const r of rows) {
    if (r.invited === 0) continue;
    result.get(r.requestId)!.push({ group: r.group, invited: r.invited, responded: respondedOf(r.requestId, r.group) });
  }
  for (const list of result.values()) list.sort((a, b) => RATER_GROUPS.indexOf(a.group) - RATER_GROUPS.indexOf(b.group));
  return result;
}

/** Frozen or live raw counts of a request: the frozen ones once it has closed. */
export function rawProgress(finalProgress: readonly GroupProgress[] | null, live: GroupProgress[] | undefined): GroupProgress[] {
  return (finalProgress ?? live ?? []).map((p) => ({ group: p.group, invited: p.invited, responded: p.responded }));
}
