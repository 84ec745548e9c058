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
  // One pass over the cells and one over the people, with items addressed by position: at 10,000
  // people (160,000 cells) building per-person maps and filtering items per row kept the server's
  // event loop busy for 120-250 ms in one go (bench, issue 8).
  const itemIndex = new Map(items.map((item, i) => [item.key, i]));
  const byRequest = new Map<string, (PublishedCell | undefined)[]>();
  for (const c of input.cells) {
    const i = itemIndex.get(c.itemKey);
    if (c.n < k || i === undefined) continue;
    let mine = byRequest.get(c.requestId);
    if (!mine) byRequest.set(c.requestId, (mine = new Array<PublishedCell | undefined>(items.length)));
    mine[i] ??= c;
  }

  const distribution = Object.fromEntries(items.map((item) => [item.key, [0, 0, 0, 0, 0]])) as Record<string, number[]>;
  const bands = items.map((item) => distribution[item.key]!);
  const heatmap: HeatmapRow[] = [];
  const map: { requestId: string; name: string; leadership: number; management: number }[] = [];
  for (const s of input.subjects) {
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
      const mean = round(c.sum / c.n);
      cells[i] = { mean, n: c.n };
      bands[i]![Math.min(4, Math.max(0, Math.round(mean) - 1))]! += 1;
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
  }

  const aggregate = (cells: PublishedCell[]): Record<string, TeamCell> => {
    const totals = items.map(() => ({ n: 0, sum: 0, subjects: 0 }));
    for (const c of cells) {
      const i = itemIndex.get(c.itemKey);
      if (c.n < k || i === undefined) continue;
      totals[i]!.n += c.n;
      totals[i]!.sum += c.sum;
      totals[i]!.subjects += 1;
    }
    return Object.fromEntries(
      items.map((item, i) => {
        const { n, sum, subjects } = totals[i]!;
        if (subjects === 0 || n < k)
          return [item.key, { status: "suppressed", reason: `Fewer than ${k} raters behind this figure.` } satisfies TeamCell];
        return [item.key, { status: "shown", mean: round(sum / n), n, subjects } satisfies TeamCell];
      }),
    );
  };

  return {
    items,
    heatmap,
    team: aggregate(input.cells),
    previousTeam: input.previous ? aggregate(input.previous) : null,
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
