import { toCsv } from "@/lib/csv";
import { nearestPoint, scaleRange, scaleValues, type Pole, type Questionnaire } from "@/lib/framework";

/**
 * Team and organisation figures, as pure functions over the published cells of released reports.
 * A person's cell is shown only with at least k raters behind it, and a team figure adds up
 * exactly those shown cells, so every number on a dashboard is a sum of numbers some report
 * already publishes: nothing can be subtracted out to single anyone out.
 */

/**
 * One released report's published "others" cells, as its snapshot row holds them: [item key, n,
 * sum] each. Per report because that is how they are stored and read (one row per subject) and so
 * that nothing is allocated per cell on the way in: at 10,000 people there are 160,000 of them.
 */
export interface PublishedCells {
  requestId: string;
  /** The person rated: the trend compares the same people across cycles by it. */
  personId?: string;
  cells: [itemKey: string, n: number, sum: number][];
}

/** A person's shown cell: others' mean and how many raters gave a score. */
export interface HeatmapCell {
  mean: number;
  n: number;
}

/**
 * One person's row: `cells[i]` belongs to `items[i]`, null where fewer than k raters scored it.
 * Positions rather than keys: at 10,000 people a keyed record per person was most of the
 * dashboard's time in this function.
 */
export interface HeatmapRow {
  requestId: string;
  name: string;
  cells: (HeatmapCell | null)[];
}

export type TeamCell = { status: "shown"; mean: number; n: number; subjects: number } | { status: "suppressed"; reason: string };

/** One item's change over the same people in both cycles. */
export type TrendCell =
  | { status: "shown"; before: number; now: number; change: number; nBefore: number; nNow: number; people: number }
  | { status: "suppressed"; reason: string };

/**
 * A trend that compares like with like: only people with a released report in both cycles count,
 * on both sides ("Change +1.2" once compared two people in spring with one other in autumn).
 * `people` is how many that is; `before` and `now` how many released reports each cycle has in
 * all, so a page can say plainly how much the population changed.
 */
export interface Trend {
  people: number;
  before: number;
  now: number;
  items: Record<string, TrendCell>;
}

export interface DashboardItem {
  key: string;
  dimensionKey: string | null;
  pole: Pole | null;
  label: string;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** A person on the leader/manager map: the averages of their shown items on each side. */
export interface MapPoint {
  requestId: string;
  name: string;
  leadership: number;
  management: number;
}

export interface TeamFigures {
  items: DashboardItem[];
  heatmap: HeatmapRow[];
  team: Record<string, TeamCell>;
  previousTeam: Record<string, TeamCell> | null;
  trend: Trend | null;
  /** Per item, how many people's shown means round to each point of the scale (lowest first). */
  distribution: Record<string, number[]>;
  map: MapPoint[];
}

export interface TeamInput {
  questionnaire: Questionnaire;
  threshold: number;
  subjects: { requestId: string; name: string }[];
  cells: PublishedCells[];
  previous: PublishedCells[] | null;
}

/** The dashboard's figures, all at once (see teamFiguresInSteps for the same work in slices). */
export function teamCells(input: TeamInput): TeamFigures {
  const steps = teamFiguresInSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Reports (or people) handled between two pauses of teamFiguresInSteps. */
export const TEAM_STEP = 250;

/**
 * The dashboard's figures, pausing (a bare `yield`) after every TEAM_STEP reports or people so a
 * server can let other requests in between: at 10,000 people the work took 40-100 ms in one piece
 * (bench, issue 8). Pure all the same; the caller decides what a pause means.
 *
 * One pass over the cells and one over the people, items addressed by position: building keyed
 * records and filtering items per person took 120-250 ms at 10,000 people.
 */
export function* teamFiguresInSteps(input: TeamInput): Generator<void, TeamFigures> {
  const k = input.threshold;
  const items = dashboardItems(input.questionnaire);
  const itemIndex = new Map(items.map((item, i) => [item.key, i]));

  // Team figures add up every shown cell; a person's row keeps the first shown cell per item (the
  // published cell itself: nothing is allocated per cell). Indexed loops: this runs 160,000 times.
  type Shown = PublishedCells["cells"][number];
  const tally = function* (reports: PublishedCells[], byRequest?: Map<string, (Shown | undefined)[]>) {
    const totals = items.map(() => ({ n: 0, sum: 0, subjects: 0 }));
    for (let r = 0; r < reports.length; r++) {
      const report = reports[r]!;
      let mine = byRequest?.get(report.requestId);
      for (let c = 0; c < report.cells.length; c++) {
        const cell = report.cells[c]!;
        const i = itemIndex.get(cell[0]);
        const n = cell[1];
        if (n < k || i === undefined) continue;
        const total = totals[i]!;
        total.n += n;
        total.sum += cell[2];
        total.subjects += 1;
        if (byRequest) {
          if (!mine) byRequest.set(report.requestId, (mine = new Array(items.length)));
          mine[i] ??= cell;
        }
      }
      if (r % TEAM_STEP === TEAM_STEP - 1) yield;
    }
    return Object.fromEntries(
      items.map((item, i) => {
        const { n, sum, subjects } = totals[i]!;
        // A "team average" of one or two people is their own figure under another name: a team
        // figure stands on at least k people, like each cell on at least k raters.
        if (subjects < k) return [item.key, { status: "suppressed", reason: fewerPeople(k) } satisfies TeamCell];
        if (n < k) return [item.key, { status: "suppressed", reason: `Fewer than ${k} raters behind this figure.` } satisfies TeamCell];
        return [item.key, { status: "shown", mean: round(sum / n), n, subjects } satisfies TeamCell];
      }),
    ) as Record<string, TeamCell>;
  };

  const byRequest = new Map<string, (Shown | undefined)[]>();
  const team = yield* tally(input.cells, byRequest);
  const previousTeam = input.previous ? yield* tally(input.previous) : null;
  const trend = input.previous ? trendOf(items, k, input.cells, input.previous) : null;

  const scale = scaleRange(input.questionnaire.scale);
  const points = scaleValues(scale).length;
  const distribution = Object.fromEntries(items.map((item) => [item.key, new Array<number>(points).fill(0)])) as Record<string, number[]>;
  const bands = items.map((item) => distribution[item.key]!);
  const heatmap: HeatmapRow[] = [];
  const map: MapPoint[] = [];
  for (let p = 0; p < input.subjects.length; p++) {
    const s = input.subjects[p]!;
    const mine = byRequest.get(s.requestId);
    const cells: (HeatmapCell | null)[] = new Array(items.length);
    const poles = { leadership: { sum: 0, count: 0 }, management: { sum: 0, count: 0 } };
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const c = mine?.[i];
      if (!c) {
        cells[i] = null;
        continue;
      }
      const mean = round(c[2] / c[1]);
      cells[i] = { mean, n: c[1] };
      bands[i]![nearestPoint(mean, scale) - scale.min]! += 1;
      if (item.pole) {
        poles[item.pole].sum += mean;
        poles[item.pole].count += 1;
      }
    }
    heatmap.push({ requestId: s.requestId, name: s.name, cells });
    // On the map only with both sides shown: the average of the shown (rounded) item means.
    if (poles.leadership.count && poles.management.count) {
      map.push({
        requestId: s.requestId,
        name: s.name,
        leadership: round(poles.leadership.sum / poles.leadership.count),
        management: round(poles.management.sum / poles.management.count),
      });
    }
    if (p % TEAM_STEP === TEAM_STEP - 1) yield;
  }
  return { items, heatmap, team, previousTeam, trend, distribution, map };
}

const fewerPeople = (k: number) => `Fewer than ${k} people's reports behind this figure.`;

/**
 * Each item's change over the people in both cycles who have a shown cell (k raters or more) for
 * it in both: every side is a sum of cells their reports already publish, so the trend adds
 * nothing anyone could subtract (lib/report/history.ts keeps each person's reports apart). Shown
 * only over at least k such people and k raters on each side.
 */
function trendOf(items: DashboardItem[], k: number, now: PublishedCells[], before: PublishedCells[]): Trend {
  const shownBy = (reports: PublishedCells[]) => {
    const byPerson = new Map<string, Map<string, [number, number]>>();
    for (const r of reports) {
      if (!r.personId || byPerson.has(r.personId)) continue; // one report per person and cycle
      const cells = new Map<string, [number, number]>();
      for (const [key, n, sum] of r.cells) if (n >= k && !cells.has(key)) cells.set(key, [n, sum]);
      byPerson.set(r.personId, cells);
    }
    return byPerson;
  };
  const [a, b] = [shownBy(before), shownBy(now)];
  const both = [...b.keys()].filter((p) => a.has(p));
  const figures = Object.fromEntries(
    items.map((item) => {
      const t = { people: 0, nBefore: 0, sumBefore: 0, nNow: 0, sumNow: 0 };
      for (const person of both) {
        const x = a.get(person)!.get(item.key);
        const y = b.get(person)!.get(item.key);
        if (!x || !y) continue;
        t.people += 1;
        t.nBefore += x[0];
        t.sumBefore += x[1];
        t.nNow += y[0];
        t.sumNow += y[1];
      }
      if (t.people < k)
        return [item.key, { status: "suppressed", reason: `Fewer than ${k} of the same people in both cycles.` } satisfies TrendCell];
      if (t.nBefore < k || t.nNow < k)
        return [item.key, { status: "suppressed", reason: `Fewer than ${k} raters behind this figure.` } satisfies TrendCell];
      const [was, is] = [round(t.sumBefore / t.nBefore), round(t.sumNow / t.nNow)];
      return [
        item.key,
        {
          status: "shown",
          before: was,
          now: is,
          change: round(is - was),
          nBefore: t.nBefore,
          nNow: t.nNow,
          people: t.people,
        } satisfies TrendCell,
      ];
    }),
  ) as Record<string, TrendCell>;
  return { people: both.length, before: a.size, now: b.size, items: figures };
}

function dashboardItems(q: Questionnaire): DashboardItem[] {
  return [
    ...q.dimensions.flatMap((d) =>
      (["leadership", "management"] as const).map((pole) => ({
        key: `${d.key}.${pole}`,
        dimensionKey: d.key,
        pole,
        label: `${d.title}: ${d.poles[pole].label}`,
      })),
    ),
    ...q.customItems.map((i) => ({ key: i.key, dimensionKey: null, pole: null, label: i.text })),
  ];
}

/** Where people sit on the map, to a tenth of a point on each side: [management, leadership, people]. */
export type MapSpot = [management: number, leadership: number, people: number];

/**
 * The map's people pooled by position, to 0.1 on each side, in a fixed order. A chart of 10,000
 * overlapping dots shows neither where most people are nor how many, and its data (every pair)
 * was most of the dashboard page and held the server 40-60 ms to render at 10,000 people (bench,
 * issue 8); spots of 0.1 are at most 41 x 41, and the dot's size carries the head count.
 */
export function mapSpots(points: Pick<MapPoint, "management" | "leadership">[]): MapSpot[] {
  const tenth = (x: number) => Math.round(x * 10);
  const counts = new Map<number, number>();
  for (const p of points) {
    const key = tenth(p.management) * 1000 + tenth(p.leadership);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a - b).map(([key, people]) => [Math.floor(key / 1000) / 10, (key % 1000) / 10, people]);
}

export interface Page<T> {
  rows: T[];
  page: number;
  pages: number;
  total: number;
  /** 1-based positions of the first and last row shown, for "21–40 of 1,000". */
  from: number;
  to: number;
}

/**
 * One page of a list. An organisation of a thousand managers makes a heatmap nobody can read
 * and a page that takes seconds to render, so the page shows a slice while the team figures,
 * the spread, the map and the export still cover everyone. Out-of-range pages clamp.
 */
export function pageOf<T>(rows: T[], requested: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const page = Number.isInteger(requested) ? Math.min(pages, Math.max(1, requested)) : 1;
  const slice = rows.slice((page - 1) * size, page * size);
  const from = slice.length ? (page - 1) * size + 1 : 0;
  return { rows: slice, page, pages, total: rows.length, from, to: from ? from + slice.length - 1 : 0 };
}

export function dashboardToCsv(d: {
  cycle: { name: string };
  teamName: string;
  previous: { name: string } | null;
  items: DashboardItem[];
  team: Record<string, TeamCell>;
  previousTeam: Record<string, TeamCell> | null;
  trend?: Trend | null;
  heatmap: Pick<HeatmapRow, "name" | "cells">[];
}): string {
  const rows: (string | number)[][] = [];
  for (const item of d.items) {
    const t = d.team[item.key]!;
    rows.push([
      "team",
      d.teamName,
      item.label,
      t.status === "shown" ? t.mean.toFixed(2) : "",
      t.status === "shown" ? t.n : "",
      t.status === "shown" ? "" : t.reason,
    ]);
    const p = d.previousTeam?.[item.key];
    if (p && d.previous)
      rows.push([
        `team (${d.previous.name})`,
        d.teamName,
        item.label,
        p.status === "shown" ? p.mean.toFixed(2) : "",
        p.status === "shown" ? p.n : "",
        p.status === "shown" ? "" : p.reason,
      ]);
    const c = d.trend?.items[item.key];
    if (c && d.previous)
      rows.push([
        `change since ${d.previous.name} (same people)`,
        d.teamName,
        item.label,
        c.status === "shown" ? c.change.toFixed(2) : "",
        c.status === "shown" ? c.nNow : "",
        c.status === "shown"
          ? `${c.people} people in both cycles; ${c.before.toFixed(2)} (n=${c.nBefore}) then ${c.now.toFixed(2)}`
          : c.reason,
      ]);
  }
  for (const person of d.heatmap) {
    for (const [i, item] of d.items.entries()) {
      const c = person.cells[i];
      rows.push([
        "person",
        person.name,
        item.label,
        c ? c.mean.toFixed(2) : "",
        c ? c.n : "",
        c ? "" : "Not shown: fewer raters than the threshold",
      ]);
    }
  }
  return toCsv(["level", "who", "item", "others' mean", "n", "note"], rows);
}
