import { and, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { developmentPlans, feedbackRequests, organisations, reportSnapshots, teams } from "@/lib/db/schema";

/**
 * What HR sees of development plans: how many exist per team, never their content. Whether a
 * named person has a plan is theirs to tell, so a count is a table of two cells (with a plan,
 * without) and, as for any such table, each cell must hold at least k people (k = the
 * organisation's threshold): "0 of 3" or "3 of 3" says what each of the three did. A team that
 * does not meet that is not shown, and teams are never pooled (a pool and its members' changes
 * over time could be subtracted from each other).
 *
 * Teams are those frozen on each report at release (moving a person afterwards moves nothing), and
 * a report counts only once it has been out PLAN_COUNT_AFTER_DAYS: HR decides when reports are
 * released, and releasing more of a team's reports just before reading the counts would otherwise
 * add people who cannot have made a plan yet, so the plans counted would be the earlier ones'.
 */

export const PLAN_COUNT_AFTER_DAYS = 30;

export interface TeamPlanRow {
  teamId: string;
  teamName: string;
  /** People in the team with a released report: who could have a plan. */
  people: number;
  plans: number;
}

export interface PlanCounts {
  threshold: number;
  rows: TeamPlanRow[];
  /** Teams with released reports whose count is not shown (one of the two cells under k). */
  withheldTeams: number;
}

/** Pure: the rule above over per-team totals. */
export function planCountsByTeam(raw: TeamPlanRow[], threshold: number): PlanCounts {
  const shows = (r: TeamPlanRow) => r.plans >= threshold && r.people - r.plans >= threshold;
  return {
    threshold,
    rows: raw.filter(shows).sort((a, b) => a.teamName.localeCompare(b.teamName) || a.teamId.localeCompare(b.teamId)),
    withheldTeams: raw.filter((r) => r.people > 0 && !shows(r)).length,
  };
}

export async function planCounts(viewer: HrViewer, now: Date = new Date()): Promise<PlanCounts> {
  const db = await getDb();
  const organisationId = viewer.organisation.id;
  const [org] = await db.select({ k: organisations.defaultThreshold }).from(organisations).where(eq(organisations.id, organisationId));
  const countedFrom = new Date(now.getTime() - PLAN_COUNT_AFTER_DAYS * 86_400_000);
  const rows = await db
    .select({
      teamId: teams.id,
      teamName: teams.name,
      people: sql<number>`count(distinct ${feedbackRequests.subjectPersonId})::int`,
      plans: sql<number>`count(distinct ${developmentPlans.subjectPersonId})::int`,
    })
    .from(feedbackRequests)
    .innerJoin(reportSnapshots, eq(reportSnapshots.requestId, feedbackRequests.id))
    // By the team's id as frozen on the report, not its name: renaming a team cannot merge it with another.
    .innerJoin(teams, eq(teams.id, reportSnapshots.teamId))
    .leftJoin(developmentPlans, eq(developmentPlans.requestId, feedbackRequests.id))
    .where(
      and(
        eq(feedbackRequests.organisationId, organisationId),
        eq(feedbackRequests.status, "released"),
        isNotNull(feedbackRequests.releasedAt),
        lte(feedbackRequests.releasedAt, countedFrom),
      ),
    )
    .groupBy(teams.id, teams.name);
  return planCountsByTeam(rows, org?.k ?? 3);
}
