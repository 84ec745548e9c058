import { toCsv } from "@/lib/csv";
import type { Pole, Questionnaire } from "@/lib/framework";

/**
 * Team and organisation figures, as pure functions over the published cells of released reports.
 * A person's cell is shown only with at least k raters behind it, and a team figure adds up
 * exactly those shown cells, so every number on a dashboard is a sum of numbers some report
 * already publishes: nothing can be subtracted out to single anyone out.
 */

export interface PublishedCell {
  requestId: string;
  itemKey: string;
  n: number;
  sum: number;
}

export type TeamCell = { status: "shown"; mean: number; n: number; subjects: number } | { status: "suppressed"; reason: string };

export interface DashboardItem {
  key: string;
  dimensionKey: string | null;
  pole: Pole | null;
  label: string;
}

const round = (x: number) => Math.round(x * 100) / 100;

export function teamCells(input: {
  questionnaire: Questionnaire;
  threshold: number;
  subjects: { requestId: string; name: string }[];
  cells: PublishedCell[];
  previous: PublishedCell[] | null;
}) {
  const k = input.threshold;
  const q = input.questionnaire;
  const items: DashboardItem[] = [
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
  const shown = (cells: PublishedCell[]) => cells.filter((c) => c.n >= k);
  const current = shown(input.cells);
  // Indexed once: looking each (person, item) up by scanning every cell made the dashboard
  // quadratic in the organisation's size (a second per request at 1,000 subjects).
  const byRequest = new Map<string, Map<string, PublishedCell>>();
  for (const c of current) {
    const mine = byRequest.get(c.requestId) ?? new Map<string, PublishedCell>();
    if (!mine.has(c.itemKey)) mine.set(c.itemKey, c);
    byRequest.set(c.requestId, mine);
  }

  const heatmap = input.subjects.map((s) => ({
    requestId: s.requestId,
    name: s.name,
    cells: Object.fromEntries(
      items.map((item) => {
        const c = byRequest.get(s.requestId)?.get(item.key);
        return [item.key, c ? { mean: round(c.sum / c.n), n: c.n } : null];
      }),
    ) as Record<string, { mean: number; n: number } | null>,
  }));

  const aggregate = (cells: PublishedCell[]): Record<string, TeamCell> => {
    const byItem = new Map<string, PublishedCell[]>();
    for (const c of cells) {
      const mine = byItem.get(c.itemKey);
      if (mine) mine.push(c);
      else byItem.set(c.itemKey, [c]);
    }
    return Object.fromEntries(
      items.map((item) => {
        const mine = byItem.get(item.key) ?? [];
        const n = mine.reduce((a, c) => a + c.n, 0);
        if (mine.length === 0 || n < k)
          return [item.key, { status: "suppressed", reason: `Fewer than ${k} raters behind this figure.` } satisfies TeamCell];
        return [
          item.key,
          { status: "shown", mean: round(mine.reduce((a, c) => a + c.sum, 0) / n), n, subjects: mine.length } satisfies TeamCell,
        ];
      }),
    );
  };

  const distribution = Object.fromEntries(
    items.map((item) => {
      const bands = [0, 0, 0, 0, 0];
      for (const row of heatmap) {
        const c = row.cells[item.key];
        if (c) bands[Math.min(4, Math.max(0, Math.round(c.mean) - 1))]! += 1;
      }
      return [item.key, bands];
    }),
  ) as Record<string, number[]>;

  const average = (values: number[]) => (values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null);
  const map = heatmap
    .map((row) => ({
      requestId: row.requestId,
      name: row.name,
      leadership: average(items.filter((i) => i.pole === "leadership").flatMap((i) => (row.cells[i.key] ? [row.cells[i.key]!.mean] : []))),
      management: average(items.filter((i) => i.pole === "management").flatMap((i) => (row.cells[i.key] ? [row.cells[i.key]!.mean] : []))),
    }))
    .filter(
      (p): p is { requestId: string; name: string; leadership: number; management: number } =>
        p.leadership !== null && p.management !== null,
    );

  return {
    items,
    heatmap,
    team: aggregate(current),
    previousTeam: input.previous ? aggregate(shown(input.previous)) : null,
    distribution,
    map,
  };
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
  heatmap: { name: string; cells: Record<string, { mean: number; n: number } | null> }[];
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
  }
  for (const person of d.heatmap) {
    for (const item of d.items) {
      const c = person.cells[item.key];
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
