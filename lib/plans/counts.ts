import { and, eq, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { developmentPlans, feedbackRequests, organisations, reportSnapshots, teams } from "@/lib/db/schema";

/**
 * What HR sees of development plans: how many exist per team, never their content. A count over
 * one or two people is that person's answer under another name ("1 of 1 has a plan"), so the
 * dashboards' team-size rule applies: a team's count is shown only when at least k people in it
 * have a released report (k = the organisation's threshold); smaller teams are counted together
 * when together they reach k, otherwise not at all.
 */

export interface TeamPlanRow {
  teamName: string;
  /** People in the team with a released report: who could have a plan. */
  people: number;
  plans: number;
}

export interface PlanCounts {
  threshold: number;
  rows: TeamPlanRow[];
  /** Teams too small to show alone, counted together (null when even together they are under k). */
  smallerTeams: { teams: number; people: number; plans: number } | null;
  /** Teams left out entirely (too small even together). */
  withheldTeams: number;
}

/** Pure: the rule above over per-team totals. */
export function planCountsByTeam(raw: TeamPlanRow[], threshold: number): PlanCounts {
  const shown = raw.filter((r) => r.people >= threshold).sort((a, b) => a.teamName.localeCompare(b.teamName));
  const small = raw.filter((r) => r.people > 0 && r.people < threshold);
  const pooledPeople = small.reduce((a, r) => a + r.people, 0);
  const pooled = pooledPeople >= threshold;
  return {
    threshold,
    rows: shown,
    smallerTeams: pooled ? { teams: small.length, people: pooledPeople, plans: small.reduce((a, r) => a + r.plans, 0) } : null,
    withheldTeams: pooled ? 0 : small.length,
  };
}

export async function planCounts(viewer: HrViewer): Promise<PlanCounts> {
  const db = await getDb();
  const organisationId = viewer.organisation.id;
  const [org] = await db.select({ k: organisations.defaultThreshold }).from(organisations).where(eq(organisations.id, organisationId));
  const rows = await db
    .select({
      teamName: sql<string>`coalesce(${teams.name}, 'No team')`,
      people: sql<number>`count(distinct ${feedbackRequests.subjectPersonId})::int`,
      plans: sql<number>`count(distinct ${developmentPlans.id})::int`,
    })
    .from(feedbackRequests)
    // The team frozen on the report at release, as the dashboards use, not today's: moving one
    // person between teams and reading the counts again would otherwise say whether they have a plan.
    .innerJoin(reportSnapshots, eq(reportSnapshots.requestId, feedbackRequests.id))
    .leftJoin(teams, eq(teams.id, reportSnapshots.teamId))
    .leftJoin(developmentPlans, eq(developmentPlans.requestId, feedbackRequests.id))
    .where(and(eq(feedbackRequests.organisationId, organisationId), eq(feedbackRequests.status, "released")))
    .groupBy(sql`coalesce(${teams.name}, 'No team')`);
  return planCountsByTeam(rows, org?.k ?? 3);
}
