import type { Metadata } from "next";
import { loadOr404 } from "@/app/_components/load";
import { Card, EmptyState, inputClass, PageHeader } from "@/app/_components/ui";
import { firstValue, pageNumber } from "@/lib/http/search-params";
import { requireViewer } from "@/lib/auth/session";
import { getTeamDashboard, type TeamDashboard } from "@/lib/dashboards/team";
import { scaleRange } from "@/lib/framework/scale";
import { mapSpots } from "@/lib/report/team";
import { PLAN_COUNT_AFTER_DAYS, planCounts, type PlanCounts } from "@/lib/plans/counts";
import { plural } from "@/lib/format";
import { DashboardSections, type DashboardSectionsData } from "./dashboard-sections";

export const metadata: Metadata = { title: "Team dashboard" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<{ cycle?: string | string[]; team?: string | string[]; page?: string | string[] }>;
}) {
  const viewer = await requireViewer({ role: "hr" });
  const { cycle, team, page } = await searchParams;
  const d = await loadOr404(getTeamDashboard(viewer, { cycleId: firstValue(cycle), teamId: firstValue(team), page: pageNumber(page) }));
  if (d.state === "empty") {
    return (
      <>
        <PageHeader title="Team dashboard" />
        <EmptyState title="No released reports yet">
          Dashboards are built only from released reports of cycles that share them with HR. Close a cycle and release its reports first.
        </EmptyState>
      </>
    );
  }
  const query = `cycle=${d.cycle.id}${d.teamId ? `&team=${d.teamId}` : ""}`;
  return (
    <>
      <PageHeader
        title="Team dashboard"
        description={`${d.cycle.name} · ${d.teamName} · ${d.heatmap.length} released ${d.heatmap.length === 1 ? "report" : "reports"}. Others' views only; every figure has at least ${d.cycle.threshold} raters behind it.`}
        actions={
          <a
            href={`/api/dashboards/csv?${query}`}
            className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-100"
          >
            Download CSV
          </a>
        }
      />
      <form className="no-print mb-6 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="cycle" className="block text-sm font-semibold">
            Cycle
          </label>
          <select id="cycle" name="cycle" defaultValue={d.cycle.id} className={inputClass}>
            {d.cycles.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="team" className="block text-sm font-semibold">
            Team
          </label>
          <select id="team" name="team" defaultValue={d.teamId ?? ""} className={inputClass}>
            <option value="">Whole organisation</option>
            {d.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md bg-accent-700 px-4 text-sm font-semibold text-white hover:bg-accent-800">
          Show
        </button>
      </form>
      <DashboardSections d={dashboardSections(d, query)} />
      <PlanCountsCard counts={await planCounts(viewer)} />
    </>
  );
}

/** What the figures show and nothing more: the props of a client component travel to the browser. */
function dashboardSections(d: TeamDashboard, query: string): DashboardSectionsData {
  // The map's table follows the heatmap's page so it stays readable; the chart shows everyone,
  // pooled by position.
  const onPage = new Set(d.heatmapPage.rows.map((r) => r.requestId));
  // The heatmap shows the eight differences' items (custom items are in the team profile); a row's
  // cells are in the order of d.items.
  const columns = d.items.flatMap((item, i) => (item.dimensionKey ? [{ item, i }] : []));
  return {
    cycle: { name: d.cycle.name, threshold: d.cycle.threshold },
    scale: scaleRange(d.questionnaire.scale),
    previous: d.previous ? { name: d.previous.name } : null,
    dimensions: d.questionnaire.dimensions.map(({ key, number, title }) => ({ key, number, title })),
    items: d.items,
    team: d.team,
    previousTeam: d.previousTeam,
    trend: d.trend,
    distribution: d.distribution,
    heatmapColumns: columns.map(({ item }) => item),
    heatmapPage: {
      ...d.heatmapPage,
      rows: d.heatmapPage.rows.map((r) => ({
        requestId: r.requestId,
        name: r.name,
        means: columns.map(({ i }) => r.cells[i]?.mean ?? null),
      })),
    },
    mapSpots: mapSpots(d.map),
    mapRows: d.map.filter((p) => onPage.has(p.requestId)),
    query,
  };
}

/** How many development plans exist per team: counts only, never content, under the rule in lib/plans/counts.ts. */
function PlanCountsCard({ counts }: { counts: PlanCounts }) {
  const rows = counts.rows.map((r) => ({ key: r.teamId, name: r.teamName, people: r.people, plans: r.plans }));
  return (
    <Card aria-labelledby="plans-heading" className="mt-6">
      <h2 id="plans-heading" className="text-lg font-semibold">
        Development plans
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        How many people with a released report have made a plan. Plans are private: HR never sees what is in them, nor who has one. A team
        is shown only where at least {counts.threshold} people have a plan and at least {counts.threshold} have not, counting reports
        released at least {PLAN_COUNT_AFTER_DAYS} days ago
        {counts.withheldTeams ? `; ${plural(counts.withheldTeams, "team")} not shown` : ""}.
      </p>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No team can be shown yet.</p>
      ) : (
        <ul className="mt-2 space-y-1 text-sm">
          {rows.map((r) => (
            <li key={r.key}>
              <span className="font-semibold">{r.name}</span>: {plural(r.plans, "plan")} among {plural(r.people, "person", "people")}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
