"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { GROUP_COLOURS } from "@/app/_components/report/colours";
import { PoleRadar } from "@/app/_components/report/radar";
import { Card, scrollRegion } from "@/app/_components/ui";
import type { TeamDashboard } from "@/lib/dashboards/team";
import { bandOf, scaleValues, type ScaleRange } from "@/lib/framework/scale";
import type { MapSpot } from "@/lib/report/team";

/** The map's chart library loads after the page: the table below carries the same data meanwhile. */
const PoleMap = dynamic(() => import("./team-pole-map").then((m) => m.PoleMap), {
  ssr: false,
  loading: () => <div aria-hidden="true" className="h-80 w-full" />,
});

/**
 * The dashboard's figures. A client component fed only what it shows (see dashboardSections in
 * page.tsx), for the reason the report view is one: as server components, every heatmap cell was
 * rendered twice, into the HTML and into the RSC payload beside it.
 */
export interface DashboardSectionsData {
  cycle: { name: string; threshold: number };
  /** The scale of the cycle's frozen questionnaire: chart domains, heat bands, the distribution's columns. */
  scale: ScaleRange;
  previous: { name: string } | null;
  dimensions: { key: string; number: number; title: string }[];
  items: TeamDashboard["items"];
  team: TeamDashboard["team"];
  previousTeam: TeamDashboard["previousTeam"];
  trend: TeamDashboard["trend"];
  distribution: TeamDashboard["distribution"];
  /** The heatmap's columns: the items of the eight differences (custom items have no column). */
  heatmapColumns: TeamDashboard["items"];
  /** The heatmap's page: each row's means in the order of heatmapColumns, null where not shown. */
  heatmapPage: Omit<TeamDashboard["heatmapPage"], "rows"> & { rows: { requestId: string; name: string; means: (number | null)[] }[] };
  /** Everyone on the map, pooled by position (see mapSpots); names only for the heatmap's page (the table). */
  mapSpots: MapSpot[];
  mapRows: TeamDashboard["map"];
  /** The filters, for the heatmap's page links. */
  query: string;
}

const fmt = (n: number) => n.toFixed(1);
/** "1, 2, 3, 4 and 5". */
const listOf = (xs: number[]) => `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;

/**
 * Five bands from pale to deep blue (classes heat-1 to heat-5 in globals.css, each with text that
 * passes WCAG AA; heat-0 is a suppressed cell); the number is always printed. A class per cell
 * rather than inline styles and utility lists: a heatmap page has 800 cells.
 */
const HEAT_BANDS = 5;
function heat(mean: number, scale: ScaleRange) {
  return `heat heat-${bandOf(mean, scale, HEAT_BANDS)}`;
}

export function DashboardSections({ d }: { d: DashboardSectionsData }) {
  return (
    <div className="space-y-6">
      <Heatmap d={d} />
      <Profile d={d} />
      <div className="grid gap-6 lg:grid-cols-2">
        <LeaderManagerMap d={d} />
        <Distribution d={d} />
      </div>
      {d.trend && d.previous ? <Comparison d={d} trend={d.trend} /> : null}
    </div>
  );
}

function Heatmap({ d }: { d: DashboardSectionsData }) {
  const items = d.heatmapColumns;
  const { rows, page, pages, total, from, to } = d.heatmapPage;
  const query = d.query;
  return (
    <Card aria-labelledby="heatmap-heading">
      <h2 id="heatmap-heading" className="text-lg font-semibold">
        Heatmap: people by difference
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each cell is the average of others&apos; ratings ({d.scale.min} to {d.scale.max}), L for the leadership side and M for the
        management side. An empty cell had fewer than {d.cycle.threshold} raters.
      </p>
      {total === 0 ? (
        <p className="mt-3 text-sm">No released reports for this team yet.</p>
      ) : (
        <div className="mt-3 overflow-x-auto" {...scrollRegion("Heatmap: others' average rating per person and difference")}>
          <table className="text-xs">
            <caption className="sr-only">Others&apos; average rating per person and difference</caption>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 bg-white p-1 text-left">
                  Person
                </th>
                {items.map((i) => {
                  const dim = d.dimensions.find((x) => x.key === i.dimensionKey)!;
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
                  {items.map((i, column) => {
                    const mean = row.means[column];
                    return (
                      <td key={i.key} className={mean != null ? heat(mean, d.scale) : "heat heat-0"}>
                        {mean != null ? fmt(mean) : <span aria-label="not shown">·</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-600">Columns: {d.dimensions.map((x) => `${x.number} ${x.title}`).join(" · ")}</p>
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

function Profile({ d }: { d: DashboardSectionsData }) {
  const point = (pole: "leadership" | "management") =>
    d.dimensions.map((x) => {
      const now = d.team[`${x.key}.${pole}`];
      const before = d.previousTeam?.[`${x.key}.${pole}`];
      return {
        dimension: `${x.number}. ${x.title}`,
        team: now?.status === "shown" ? now.mean : null,
        previous: before?.status === "shown" ? before.mean : null,
      };
    });
  // Every item suppressed for the same reason (too few people): say it once, above the charts.
  const reasons = new Set(Object.values(d.team).map((c) => (c.status === "shown" ? null : c.reason)));
  const notShown = reasons.size === 1 && !reasons.has(null) ? [...reasons][0]! : null;
  const series = [
    { key: "team", name: d.cycle.name, colour: GROUP_COLOURS.others },
    ...(d.previous ? [{ key: "previous", name: d.previous.name, colour: GROUP_COLOURS.pooled, dashed: true }] : []),
  ];
  return (
    <Card aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-lg font-semibold">
        The team&apos;s average profile
      </h2>
      {notShown ? (
        <p className="mt-1 text-sm" data-testid="team-not-shown">
          Not shown: {notShown.charAt(0).toLowerCase() + notShown.slice(1)} A team figure of fewer people would be their own figures under
          another name.
        </p>
      ) : null}
      {d.trend && d.previous ? (
        <p className="mt-1 text-sm text-slate-600">
          The dashed line is {d.previous.name}: {people(d.trend.before)}, {d.trend.people} of them also in this cycle.
        </p>
      ) : null}
      <div className="mt-3 grid gap-6 md:grid-cols-2">
        <PoleRadar title="As leaders" data={point("leadership")} series={series} scale={d.scale} />
        <PoleRadar title="As managers" data={point("management")} series={series} scale={d.scale} />
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

function LeaderManagerMap({ d }: { d: DashboardSectionsData }) {
  const rows = d.mapRows;
  return (
    <Card aria-labelledby="map-heading">
      <h2 id="map-heading" className="text-lg font-semibold">
        Leader and manager map
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Where people sit: their average as a manager (across) and as a leader (up). The bigger the dot, the more people at that spot.
      </p>
      <PoleMap spots={d.mapSpots} scale={d.scale} />
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

function Distribution({ d }: { d: DashboardSectionsData }) {
  const max = Math.max(1, ...Object.values(d.distribution).flat());
  return (
    <Card aria-labelledby="distribution-heading">
      <h2 id="distribution-heading" className="text-lg font-semibold">
        How scores spread across people
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        For each difference&apos;s leadership side: how many people others rated around {listOf(scaleValues(d.scale))}.
      </p>
      <table className="mt-3 w-full text-xs">
        <caption className="sr-only">Number of people per score band, leadership side</caption>
        <thead>
          <tr>
            <th scope="col" className="text-left">
              Difference
            </th>
            {scaleValues(d.scale).map((b) => (
              <th key={b} scope="col" className="w-10 text-center">
                {b}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {d.dimensions.map((x) => {
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

/** "2 people": a count with its noun. */
const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;

function Comparison({ d, trend }: { d: DashboardSectionsData; trend: NonNullable<DashboardSectionsData["trend"]> }) {
  const k = d.cycle.threshold;
  const previous = d.previous!.name;
  const changed = trend.people < trend.before || trend.people < trend.now;
  return (
    <Card aria-labelledby="compare-heading">
      <h2 id="compare-heading" className="text-lg font-semibold">
        Compared with {previous}
      </h2>
      <p className="mt-1 text-sm text-slate-600" data-testid="trend-population">
        {changed
          ? `The people changed: ${previous} has ${people(trend.before)} with a released report, ${d.cycle.name} ${people(trend.now)}. Only the ${people(trend.people)} in both are compared.`
          : `The same ${people(trend.people)} in both cycles.`}
      </p>
      {trend.people < k ? (
        <p className="mt-3 text-sm" data-testid="trend-not-shown">
          Not compared: fewer than {k} of the same people have a released report in both cycles, and a change over fewer would be theirs
          alone.
        </p>
      ) : (
        <div className="mt-3 overflow-x-auto" {...scrollRegion(`Change since ${previous}`)}>
          <table className="w-full text-sm">
            <caption className="sr-only">Averages of the same people in both cycles, and the change</caption>
            <thead className="text-left">
              <tr>
                <th scope="col">Item</th>
                <th scope="col">{previous}</th>
                <th scope="col">{d.cycle.name}</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {d.items.map((i) => {
                const c = trend.items[i.key]!;
                return (
                  <tr key={i.key}>
                    <th scope="row" className="py-1 pr-2 text-left font-normal">
                      {i.label}
                    </th>
                    {c.status === "shown" ? (
                      <>
                        <td className="tabular-nums">{`${fmt(c.before)} (n=${c.nBefore})`}</td>
                        <td className="tabular-nums">{`${fmt(c.now)} (n=${c.nNow})`}</td>
                        <td className="tabular-nums">{`${c.change > 0 ? "+" : ""}${c.change.toFixed(1)} (${people(c.people)})`}</td>
                      </>
                    ) : (
                      <td colSpan={3} className="text-slate-600">
                        Not shown: {c.reason.charAt(0).toLowerCase() + c.reason.slice(1)}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
