import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404 } from "@/app/_components/load";
import { GROUP_COLOURS } from "@/app/_components/report/colours";
import { PoleMap } from "@/app/_components/report/pole-map";
import { PoleRadar } from "@/app/_components/report/radar";
import { Card, EmptyState, inputClass, PageHeader } from "@/app/_components/ui";
import { requireViewer } from "@/lib/auth/session";
import { getTeamDashboard, type TeamDashboard } from "@/lib/dashboards/team";

export const metadata: Metadata = { title: "Team dashboard" };

const fmt = (n: number) => n.toFixed(1);

/**
 * Five bands from pale to deep blue (classes heat-1 to heat-5 in globals.css, each with text that
 * passes WCAG AA; heat-0 is a suppressed cell); the number is always printed. A class per cell
 * rather than inline styles and utility lists: a heatmap page has 800 cells, and every byte of a
 * cell is rendered twice (HTML and the RSC payload).
 */
function heat(mean: number) {
  return `heat heat-${Math.min(5, Math.max(1, Math.round(mean)))}`;
}

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ cycle?: string; team?: string; page?: string }> }) {
  const viewer = await requireViewer();
  const { cycle, team, page } = await searchParams;
  const d = await loadOr404(getTeamDashboard(viewer, { cycleId: cycle, teamId: team, page: Number(page ?? 1) }));
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
      <div className="space-y-6">
        <Heatmap d={d} query={query} />
        <Profile d={d} />
        <div className="grid gap-6 lg:grid-cols-2">
          <LeaderManagerMap d={d} />
          <Distribution d={d} />
        </div>
        {d.previousTeam && d.previous ? <Comparison d={d} /> : null}
      </div>
    </>
  );
}

function Heatmap({ d, query }: { d: TeamDashboard; query: string }) {
  const items = d.items.filter((i) => i.dimensionKey);
  const { rows, page, pages, total, from, to } = d.heatmapPage;
  return (
    <Card aria-labelledby="heatmap-heading">
      <h2 id="heatmap-heading" className="text-lg font-semibold">
        Heatmap: people by difference
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each cell is the average of others&apos; ratings (1 to 5), L for the leadership side and M for the management side. An empty cell
        had fewer than {d.cycle.threshold} raters.
      </p>
      {d.heatmap.length === 0 ? (
        <p className="mt-3 text-sm">No released reports for this team yet.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="text-xs">
            <caption className="sr-only">Others&apos; average rating per person and difference</caption>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 bg-white p-1 text-left">
                  Person
                </th>
                {items.map((i) => {
                  const dim = d.questionnaire.dimensions.find((x) => x.key === i.dimensionKey)!;
                  return (
                    <th key={i.key} scope="col" className="p-1 text-center font-medium" title={i.label}>
                      <abbr title={i.label} className="no-underline">
                        {dim.number}
                        {i.pole === "leadership" ? "L" : "M"}
                      </abbr>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.requestId}>
                  <th scope="row" className="sticky left-0 whitespace-nowrap bg-white p-1 pr-3 text-left font-medium">
                    {row.name}
                  </th>
                  {items.map((i) => {
                    const c = row.cells[i.key];
                    return (
                      <td key={i.key} className={c ? heat(c.mean) : "heat heat-0"}>
                        {c ? fmt(c.mean) : <span aria-label="not shown">·</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-600">
            Columns: {d.questionnaire.dimensions.map((x) => `${x.number} ${x.title}`).join(" · ")}
          </p>
          {pages > 1 ? (
            <nav aria-label="Heatmap pages" className="mt-3 flex flex-wrap items-center gap-4 text-sm">
              <span aria-live="polite">
                People {from}–{to} of {total.toLocaleString("en-GB")}
              </span>
              {page > 1 ? (
                <Link
                  href={`/dashboards?${query}&page=${page - 1}#heatmap-heading`}
                  className="inline-block py-2 font-semibold text-accent-700 underline"
                >
                  Previous people
                </Link>
              ) : null}
              {page < pages ? (
                <Link
                  href={`/dashboards?${query}&page=${page + 1}#heatmap-heading`}
                  className="inline-block py-2 font-semibold text-accent-700 underline"
                >
                  Next people
                </Link>
              ) : null}
            </nav>
          ) : null}
        </div>
      )}
    </Card>
  );
}

function Profile({ d }: { d: TeamDashboard }) {
  const point = (pole: "leadership" | "management") =>
    d.questionnaire.dimensions.map((x) => {
      const now = d.team[`${x.key}.${pole}`];
      const before = d.previousTeam?.[`${x.key}.${pole}`];
      return {
        dimension: `${x.number}. ${x.title.split(" ")[0]}`,
        team: now?.status === "shown" ? now.mean : null,
        previous: before?.status === "shown" ? before.mean : null,
      };
    });
  const series = [
    { key: "team", name: d.cycle.name, colour: GROUP_COLOURS.others },
    ...(d.previous ? [{ key: "previous", name: d.previous.name, colour: GROUP_COLOURS.pooled, dashed: true }] : []),
  ];
  return (
    <Card aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-lg font-semibold">
        The team&apos;s average profile
      </h2>
      <div className="mt-3 grid gap-6 md:grid-cols-2">
        <PoleRadar title="As leaders" data={point("leadership")} series={series} />
        <PoleRadar title="As managers" data={point("management")} series={series} />
      </div>
      <details className="mt-3">
        <summary className="cursor-pointer font-semibold text-accent-800">Show these numbers as a table</summary>
        <table className="mt-2 w-full text-sm">
          <caption className="sr-only">Team average per difference</caption>
          <thead className="text-left">
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Team average</th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((i) => {
              const c = d.team[i.key]!;
              return (
                <tr key={i.key}>
                  <th scope="row" className="py-1 pr-2 text-left font-normal">
                    {i.label}
                  </th>
                  <td className="py-1 tabular-nums">
                    {c.status === "shown" ? `${fmt(c.mean)} (n=${c.n}, ${c.subjects} people)` : c.reason}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </Card>
  );
}

function LeaderManagerMap({ d }: { d: TeamDashboard }) {
  // The chart shows everyone; its table follows the heatmap's page so it stays readable.
  const onPage = new Set(d.heatmapPage.rows.map((r) => r.requestId));
  const rows = d.map.filter((p) => onPage.has(p.requestId));
  return (
    <Card aria-labelledby="map-heading">
      <h2 id="map-heading" className="text-lg font-semibold">
        Leader and manager map
      </h2>
      <p className="mt-1 text-sm text-slate-600">One dot per person: their average as a manager (across) and as a leader (up).</p>
      <PoleMap points={d.map.map((p) => [p.management, p.leadership])} />
      <details>
        <summary className="cursor-pointer font-semibold text-accent-800">
          Show as a table{d.heatmapPage.pages > 1 ? " (the people on this page of the heatmap)" : ""}
        </summary>
        <table className="mt-2 w-full text-sm">
          <caption className="sr-only">Leadership and management averages per person</caption>
          <thead className="text-left">
            <tr>
              <th scope="col">Person</th>
              <th scope="col">As a leader</th>
              <th scope="col">As a manager</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.requestId}>
                <th scope="row" className="py-1 text-left font-normal">
                  {p.name}
                </th>
                <td className="tabular-nums">{fmt(p.leadership)}</td>
                <td className="tabular-nums">{fmt(p.management)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Card>
  );
}

function Distribution({ d }: { d: TeamDashboard }) {
  const max = Math.max(1, ...Object.values(d.distribution).flat());
  return (
    <Card aria-labelledby="distribution-heading">
      <h2 id="distribution-heading" className="text-lg font-semibold">
        How scores spread across people
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        For each difference&apos;s leadership side: how many people others rated around 1, 2, 3, 4 and 5.
      </p>
      <table className="mt-3 w-full text-xs">
        <caption className="sr-only">Number of people per score band, leadership side</caption>
        <thead>
          <tr>
            <th scope="col" className="text-left">
              Difference
            </th>
            {[1, 2, 3, 4, 5].map((b) => (
              <th key={b} scope="col" className="w-10 text-center">
                {b}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {d.questionnaire.dimensions.map((x) => {
            const bands = d.distribution[`${x.key}.leadership`]!;
            return (
              <tr key={x.key}>
                <th scope="row" className="py-1 pr-2 text-left font-normal">
                  {x.title}
                </th>
                {bands.map((count, b) => (
                  <td key={b} className="px-0.5 py-1 align-bottom">
                    <span className="flex h-8 flex-col justify-end">
                      <span className="block rounded-sm bg-[#0072b2]" style={{ height: `${(count / max) * 100}%` }} aria-hidden="true" />
                    </span>
                    <span className="block text-center tabular-nums">{count}</span>
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}

function Comparison({ d }: { d: TeamDashboard }) {
  return (
    <Card aria-labelledby="compare-heading">
      <h2 id="compare-heading" className="text-lg font-semibold">
        Compared with {d.previous!.name}
      </h2>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Team averages, this cycle against the previous one</caption>
          <thead className="text-left">
            <tr>
              <th scope="col">Item</th>
              <th scope="col">{d.previous!.name}</th>
              <th scope="col">{d.cycle.name}</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {d.items.map((i) => {
              const now = d.team[i.key]!;
              const before = d.previousTeam![i.key]!;
              const change = now.status === "shown" && before.status === "shown" ? now.mean - before.mean : null;
              return (
                <tr key={i.key}>
                  <th scope="row" className="py-1 pr-2 text-left font-normal">
                    {i.label}
                  </th>
                  <td className="tabular-nums">{before.status === "shown" ? `${fmt(before.mean)} (n=${before.n})` : "not shown"}</td>
                  <td className="tabular-nums">{now.status === "shown" ? `${fmt(now.mean)} (n=${now.n})` : "not shown"}</td>
                  <td className="tabular-nums">{change === null ? "" : `${change > 0 ? "+" : ""}${change.toFixed(1)}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
