import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit";
import { getDatabase, getDb, type Executor, type OpenDatabase } from "@/lib/db";
import { cycles, feedbackRequests, people, reportSnapshots, teams } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { pageOf, teamFiguresInSteps, type PublishedCells, type TeamCell } from "@/lib/report/team";

/** Heatmap rows per page: a screenful to scan, and a page that renders fast at a thousand people. */
export const HEATMAP_PAGE_SIZE = 50;

/**
 * Team and organisation dashboards for HR. They read only the published cells of released
 * reports (written at release next to the snapshot), from cycles that share reports with HR, and the
 * pure rules in lib/report/team.ts decide what may be shown (every cell needs at least k raters).
 */

export interface DashboardFilters {
  cycleId?: string;
  teamId?: string;
  /** Heatmap page, 1-based; the team figures, spread, map and export always cover everyone. */
  page?: number;
}

async function releasedCycles(db: Executor, organisationId: string) {
  return db
    .select({ id: cycles.id, name: cycles.name, opensAt: cycles.opensAt, threshold: cycles.threshold, questionnaire: cycles.questionnaire })
    .from(cycles)
    .where(
      and(
        eq(cycles.organisationId, organisationId),
        eq(cycles.kind, "organisation"),
        isNotNull(cycles.firstReleasedAt),
        eq(cycles.shareWithHr, true),
      ),
    )
    .orderBy(desc(cycles.opensAt));
}

/**
 * The released reports of a cycle with their published "others" cells (16 per subject), one row per
 * subject in name order, as the rules in lib/report/team.ts take them. Shaped by the bench (issue
 * 8): the cells come from the snapshot row, where release wrote them once, not grouped back together
 * from a table of cells on every load (at 10,000 subjects that was 0.7-1 s of PGlite's 1.3 s); raw SQL,
 * because drizzle's per-row mapping doubled the time; read in slices, because a large result read
 * in one piece kept the server from answering anyone else while it was parsed.
 */
function reportsOf(open: OpenDatabase, organisationId: string, cycleId: string, teamId: string | undefined) {
  return open.rowsInSlices<PublishedCells & { name: string }>(
    sql`select s.request_id as "requestId", f.subject_person_id as "personId", p.name, s.others_cells as cells
          from ${reportSnapshots} s
          join ${feedbackRequests} f on f.id = s.request_id
          join ${people} p on p.id = f.subject_person_id
         where s.organisation_id = ${organisationId} and s.cycle_id = ${cycleId}
           ${teamId ? sql`and s.team_id = ${teamId}` : sql``}
         order by p.name`,
  );
}

/** The previous cycle's cells, for the trend only: no names, the person only to match like with like. */
function previousCellsOf(open: OpenDatabase, organisationId: string, cycleId: string, teamId: string | undefined) {
  return open.rowsInSlices<PublishedCells>(
    sql`select s.request_id as "requestId", f.subject_person_id as "personId", s.others_cells as cells
          from ${reportSnapshots} s
          join ${feedbackRequests} f on f.id = s.request_id
         where s.organisation_id = ${organisationId} and s.cycle_id = ${cycleId}
           ${teamId ? sql`and s.team_id = ${teamId}` : sql``}`,
  );
}

/** Lets the event loop turn: other requests are answered between slices of a long computation. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

export async function getTeamDashboard(viewer: HrViewer, filters: DashboardFilters) {
  const db = await getDb();
  const organisationId = viewer.organisation.id;
  const available = await releasedCycles(db, organisationId);
  const teamList = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.organisationId, organisationId))
    .orderBy(teams.name);
  if (available.length === 0) return { state: "empty" as const, cycles: [], teams: teamList };
  const cycle = available.find((c) => c.id === filters.cycleId) ?? available[0]!;
  const teamId = teamList.some((t) => t.id === filters.teamId) ? filters.teamId : undefined;
  const previous = available.find((c) => c.opensAt < cycle.opensAt);

  const open = await getDatabase();
  const [current, before] = await Promise.all([
    reportsOf(open, organisationId, cycle.id, teamId),
    previous ? previousCellsOf(open, organisationId, previous.id, teamId) : Promise.resolve(null),
  ]);
  const questionnaire = cycle.questionnaire;
  // Each row is both a subject (with their name) and that subject's cells, read in one query.
  const steps = teamFiguresInSteps({ questionnaire, threshold: cycle.threshold, subjects: current, cells: current, previous: before });
  let step = steps.next();
  while (!step.done) {
    await turn();
    step = steps.next();
  }
  const view = step.value;
  return {
    state: "ready" as const,
    cycles: available.map(({ id, name }) => ({ id, name })),
    teams: teamList,
    cycle: { id: cycle.id, name: cycle.name, threshold: cycle.threshold },
    previous: previous ? { id: previous.id, name: previous.name } : null,
    teamId: teamId ?? null,
    teamName: teamList.find((t) => t.id === teamId)?.name ?? "Whole organisation",
    questionnaire,
    ...view,
    heatmapPage: pageOf(view.heatmap, filters.page ?? 1, HEATMAP_PAGE_SIZE),
  };
}

export type TeamDashboard = Extract<Awaited<ReturnType<typeof getTeamDashboard>>, { state: "ready" }>;
export type { TeamCell };

/** The dashboard as CSV: team averages and per-person cells, exactly the shown ones. */
export async function exportTeamDashboard(viewer: HrViewer, filters: DashboardFilters): Promise<{ filename: string; csv: string }> {
  const dashboard = await getTeamDashboard(viewer, filters);
  if (dashboard.state !== "ready") throw new AppError("not_found", "There is no released report to export yet.");
  const { dashboardToCsv } = await import("@/lib/report/team");
  await recordAudit(await getDb(), viewer, "dashboard.exported", "cycle", dashboard.cycle.id, { teamId: dashboard.teamId });
  const slug = `${dashboard.cycle.name}-${dashboard.teamName}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return { filename: `twofold-dashboard-${slug}.csv`, csv: dashboardToCsv(dashboard) };
}
