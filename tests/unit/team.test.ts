import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildQuestionnaire } from "@/lib/framework";
import { dashboardToCsv, mapSpots, pageOf, TEAM_STEP, teamCells, teamFiguresInSteps, type PublishedCells } from "@/lib/report/team";

const questionnaire = buildQuestionnaire();
const subjects = [
  { requestId: "a", name: "Ann" },
  { requestId: "b", name: "Bo" },
];
type Cell = { requestId: string; itemKey: string; n: number; sum: number };
const cell = (requestId: string, itemKey: string, n: number, sum: number): Cell => ({ requestId, itemKey, n, sum });
/** Cells as the dashboard reads them: one entry per report, in the order they came. */
const perReport = (cells: Cell[]): PublishedCells[] => {
  const byRequest = new Map<string, PublishedCells>();
  for (const c of cells) {
    if (!byRequest.has(c.requestId)) byRequest.set(c.requestId, { requestId: c.requestId, cells: [] });
    byRequest.get(c.requestId)!.cells.push([c.itemKey, c.n, c.sum]);
  }
  return [...byRequest.values()];
};

describe("team dashboard figures", () => {
  it("show a person's cell only with at least k raters, and add up exactly the shown cells", () => {
    const cells = [cell("a", "culture.leadership", 4, 16), cell("b", "culture.leadership", 2, 10), cell("b", "risk.management", 5, 15)];
    const view = teamCells({ questionnaire, threshold: 3, subjects, cells: perReport(cells), previous: null });
    const ann = view.heatmap.find((r) => r.name === "Ann")!;
    const bo = view.heatmap.find((r) => r.name === "Bo")!;
    const at = view.items.findIndex((i) => i.key === "culture.leadership");
    expect(ann.cells[at]).toEqual({ mean: 4, n: 4 });
    expect(bo.cells[at]).toBeNull(); // 2 raters: below k, left out everywhere
    // One person's cell is not a team figure (issue 21: a "team average" of one, with no warning).
    expect(view.team["culture.leadership"]).toEqual({ status: "suppressed", reason: "Fewer than 3 people's reports behind this figure." });
    expect(view.team["risk.management"]).toEqual({ status: "suppressed", reason: "Fewer than 3 people's reports behind this figure." });
    expect(view.team["empathy.leadership"]!.status).toBe("suppressed");
    const three = teamCells({
      questionnaire,
      threshold: 3,
      subjects: [...subjects, { requestId: "c", name: "Cy" }],
      cells: perReport([...cells, cell("a", "risk.management", 3, 12), cell("c", "risk.management", 4, 8)]),
      previous: null,
    });
    expect(three.team["risk.management"]).toEqual({ status: "shown", mean: 2.92, n: 12, subjects: 3 });
  });

  it("counts people per score band and places each person on the leader/manager map", () => {
    const cells = questionnaire.items.flatMap((i) => [cell("a", i.key, 3, i.pole === "leadership" ? 15 : 6), cell("b", i.key, 3, 9)]);
    const view = teamCells({ questionnaire, threshold: 2, subjects, cells: perReport(cells), previous: perReport(cells) });
    expect(view.distribution["culture.leadership"]).toEqual([0, 0, 1, 0, 1]);
    expect(view.map).toEqual([
      { requestId: "a", name: "Ann", leadership: 5, management: 2 },
      { requestId: "b", name: "Bo", leadership: 3, management: 3 },
    ]);
    expect(view.previousTeam!["culture.leadership"]).toEqual({ status: "shown", mean: 4, n: 6, subjects: 2 });
  });

  it("agree with the rules written out naively, for any cells (k, unknown items and all)", () => {
    const keys = [...questionnaire.items.map((i) => i.key), "not.an.item"];
    const people = ["a", "b", "c", "d"];
    const cellArb = fc.record({
      requestId: fc.constantFrom(...people),
      itemKey: fc.constantFrom(...keys),
      n: fc.integer({ min: 0, max: 12 }),
      sum: fc.integer({ min: 0, max: 60 }),
    });
    const round = (x: number) => Math.round(x * 100) / 100;
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 80 }), fc.integer({ min: 1, max: 6 }), (cells, k) => {
        const view = teamCells({
          questionnaire,
          threshold: k,
          subjects: people.map((p) => ({ requestId: p, name: p })),
          cells: perReport(cells),
          previous: null,
        });
        const shown = cells.filter((c) => c.n >= k);
        for (const row of view.heatmap) {
          view.items.forEach((item, i) => {
            const c = shown.find((x) => x.requestId === row.requestId && x.itemKey === item.key);
            expect(row.cells[i]).toEqual(c ? { mean: round(c.sum / c.n), n: c.n } : null);
            if (row.cells[i]) expect(row.cells[i]!.n).toBeGreaterThanOrEqual(k);
          });
          const side = (pole: string) => view.items.flatMap((item, i) => (item.pole === pole && row.cells[i] ? [row.cells[i]!.mean] : []));
          const [l, m] = [side("leadership"), side("management")];
          const point = view.map.find((p) => p.requestId === row.requestId);
          if (l.length && m.length) {
            expect(point).toEqual({
              requestId: row.requestId,
              name: row.name,
              leadership: round(l.reduce((a, b) => a + b, 0) / l.length),
              management: round(m.reduce((a, b) => a + b, 0) / m.length),
            });
          } else expect(point).toBeUndefined();
        }
        view.items.forEach((item, i) => {
          const mine = shown.filter((c) => c.itemKey === item.key);
          const n = mine.reduce((a, c) => a + c.n, 0);
          const t = view.team[item.key]!;
          if (mine.length < k || n < k) expect(t.status).toBe("suppressed");
          else expect(t).toEqual({ status: "shown", mean: round(mine.reduce((a, c) => a + c.sum, 0) / n), n, subjects: mine.length });
          const bands = [0, 0, 0, 0, 0];
          for (const row of view.heatmap) if (row.cells[i]) bands[Math.min(4, Math.max(0, Math.round(row.cells[i]!.mean) - 1))]! += 1;
          expect(view.distribution[item.key]).toEqual(bands);
        });
      }),
    );
  });

  it("come out the same in steps, pausing after every TEAM_STEP reports and people", () => {
    const people = Array.from({ length: 2 * TEAM_STEP + 7 }, (_, p) => ({ requestId: `r${p}`, name: `Person ${p}` }));
    const cells = perReport(
      people.flatMap((p, i) => questionnaire.items.map((item, j) => cell(p.requestId, item.key, 2 + ((i + j) % 4), 3 * (i % 13)))),
    );
    const input = { questionnaire, threshold: 3, subjects: people, cells, previous: cells.slice(0, 10) };
    const steps = teamFiguresInSteps(input);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses += 1;
      step = steps.next();
    }
    // Two pauses over the current cells, none over the ten previous reports, two over the people.
    expect(pauses).toBe(4);
    expect(step.value).toEqual(teamCells(input));
    expect(step.value.heatmap).toHaveLength(people.length);
  });

  it("pool the map's people into spots of a tenth, counting everyone once", () => {
    expect(mapSpots([])).toEqual([]);
    expect(
      mapSpots([
        { management: 3.02, leadership: 4.46 },
        { management: 2.98, leadership: 4.54 },
        { management: 1, leadership: 5 },
      ]),
    ).toEqual([
      [1, 5, 1],
      [3, 4.5, 2],
    ]);
    const mean = fc.integer({ min: 100, max: 500 }).map((x) => x / 100);
    fc.assert(
      fc.property(fc.array(fc.record({ management: mean, leadership: mean }), { maxLength: 200 }), (points) => {
        const spots = mapSpots(points);
        expect(spots.reduce((total, [, , people]) => total + people, 0)).toBe(points.length);
        for (const [m, l, people] of spots) {
          const here = points.filter((p) => Math.abs(p.management - m) <= 0.05 + 1e-9 && Math.abs(p.leadership - l) <= 0.05 + 1e-9);
          expect(here.length).toBeGreaterThanOrEqual(people);
        }
        const keys = spots.map(([m, l]) => `${m}/${l}`);
        expect(new Set(keys).size).toBe(spots.length);
      }),
    );
  });

  it("exports exactly the shown cells", () => {
    const view = teamCells({
      questionnaire,
      threshold: 3,
      subjects: [...subjects, { requestId: "c", name: "Cy" }, { requestId: "d", name: "Di" }],
      cells: perReport([
        cell("a", "culture.leadership", 4, 16),
        cell("b", "culture.leadership", 2, 10),
        cell("c", "culture.leadership", 3, 12),
        cell("d", "culture.leadership", 3, 12),
      ]),
      previous: null,
    });
    const csv = dashboardToCsv({ cycle: { name: "C" }, teamName: "All", previous: null, ...view });
    expect(csv).toContain("team,All,Culture and processes: Shapes the culture,4.00,10,");
    expect(csv).toContain("person,Bo,Culture and processes: Shapes the culture,,,Not shown");
    expect(csv).not.toContain("5.00");
  });

  it("pages the heatmap: every person on exactly one page, in order; out-of-range pages clamp", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (rows, size) => {
        const first = pageOf(rows, 1, size);
        const all = Array.from({ length: first.pages }, (_, i) => pageOf(rows, i + 1, size));
        expect(all.flatMap((p) => p.rows)).toEqual(rows);
        for (const p of all) {
          expect(p.total).toBe(rows.length);
          expect(p.rows.length).toBeLessThanOrEqual(size);
          if (p.rows.length) expect(p.to - p.from + 1).toBe(p.rows.length);
        }
        expect(pageOf(rows, first.pages + 5, size).page).toBe(first.pages);
        expect(pageOf(rows, -3, size).page).toBe(1);
        expect(pageOf(rows, Number.NaN, size).page).toBe(1);
      }),
    );
    expect(pageOf([], 1, 50)).toEqual({ rows: [], page: 1, pages: 1, total: 0, from: 0, to: 0 });
    expect(
      pageOf(
        Array.from({ length: 120 }, (_, i) => i),
        3,
        50,
      ),
    ).toMatchObject({ page: 3, pages: 3, from: 101, to: 120 });
  });

  it("compare the same people in both cycles, and say when the population changed", () => {
    const item = "culture.leadership";
    const with3 =
      (n: number, sum: number) =>
      (person: string): PublishedCells => ({ requestId: `${person}-r`, personId: person, cells: [[item, n, sum]] });
    // Spring: Sam and Claire. Autumn: Aisha alone. Nobody is in both: no change is claimed.
    const spring = ["sam", "claire"].map(with3(3, 6));
    const autumn = ["aisha"].map(with3(3, 12));
    const issue = teamCells({
      questionnaire,
      threshold: 3,
      subjects: [{ requestId: "aisha-r", name: "Aisha" }],
      cells: autumn,
      previous: spring,
    });
    expect(issue.trend).toMatchObject({ people: 0, before: 2, now: 1 });
    expect(issue.trend!.items[item]).toEqual({ status: "suppressed", reason: "Fewer than 3 of the same people in both cycles." });
    // And Aisha's cell alone is no "team average".
    expect(issue.team[item]).toEqual({ status: "suppressed", reason: "Fewer than 3 people's reports behind this figure." });

    // Three people in both (one new in autumn, one gone): only the three are compared.
    const before = [...["a", "b", "c"].map(with3(3, 6)), with3(3, 15)("gone")];
    const now = [...["a", "b", "c"].map(with3(3, 12)), with3(5, 25)("new")];
    const view = teamCells({
      questionnaire,
      threshold: 3,
      subjects: now.map((r) => ({ requestId: r.requestId, name: r.personId! })),
      cells: now,
      previous: before,
    });
    expect(view.trend).toMatchObject({ people: 3, before: 4, now: 4 });
    expect(view.trend!.items[item]).toEqual({ status: "shown", before: 2, now: 4, change: 2, nBefore: 9, nNow: 9, people: 3 });
    // The whole-population figures differ from the like-for-like ones: that was the misleading change.
    expect(view.team[item]).toMatchObject({ status: "shown", mean: 4.36 });
    expect(view.previousTeam![item]).toMatchObject({ status: "shown", mean: 2.75 });
    const csv = dashboardToCsv({ cycle: { name: "Autumn" }, teamName: "All", previous: { name: "Spring" }, ...view });
    expect(csv).toContain("change since Spring (same people),All,Culture and processes: Shapes the culture,2.00,9,3 people in both cycles");
  });

  it("trend: each side is the naive sum over the same people's shown cells, over k people and k raters, for any cells", () => {
    const keys = questionnaire.items.slice(0, 3).map((i) => i.key);
    const persons = ["p", "q", "r", "s", "u"];
    const report = fc.record({
      personId: fc.constantFrom(...persons),
      cells: fc.array(fc.tuple(fc.constantFrom(...keys), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 40 })), {
        maxLength: 4,
      }),
    });
    const round = (x: number) => Math.round(x * 100) / 100;
    fc.assert(
      fc.property(fc.array(report, { maxLength: 6 }), fc.array(report, { maxLength: 6 }), fc.integer({ min: 1, max: 4 }), (a, b, k) => {
        const withIds = (rs: typeof a, tag: string): PublishedCells[] => rs.map((r, i) => ({ requestId: `${tag}${i}`, ...r }));
        const [before, now] = [withIds(a, "b"), withIds(b, "n")];
        const view = teamCells({ questionnaire, threshold: k, subjects: [], cells: now, previous: before });
        // First report per person, first shown cell per item: as the dashboard reads them.
        const firstOf = (rs: PublishedCells[]) => {
          const m = new Map<string, PublishedCells>();
          for (const r of rs) if (!m.has(r.personId!)) m.set(r.personId!, r);
          return m;
        };
        const [pa, pb] = [firstOf(before), firstOf(now)];
        const both = [...pb.keys()].filter((p) => pa.has(p));
        expect(view.trend).toMatchObject({ people: both.length, before: pa.size, now: pb.size });
        for (const key of keys) {
          const shownCell = (r: PublishedCells) => r.cells.find(([x, n]) => x === key && n >= k);
          const pairs = both.flatMap((p) => {
            const [x, y] = [shownCell(pa.get(p)!), shownCell(pb.get(p)!)];
            return x && y ? [[x, y] as const] : [];
          });
          const sum = (side: 0 | 1, at: 1 | 2) => pairs.reduce((acc, pair) => acc + pair[side][at], 0);
          const c = view.trend!.items[key]!;
          if (pairs.length < k || sum(0, 1) < k || sum(1, 1) < k) {
            expect(c.status).toBe("suppressed");
            continue;
          }
          // Every figure of the trend is a sum of cells the people's own reports publish, over at
          // least k people: nothing in it is anyone's number alone.
          expect(c).toEqual({
            status: "shown",
            before: round(sum(0, 2) / sum(0, 1)),
            now: round(sum(1, 2) / sum(1, 1)),
            change: round(round(sum(1, 2) / sum(1, 1)) - round(sum(0, 2) / sum(0, 1))),
            nBefore: sum(0, 1),
            nNow: sum(1, 1),
            people: pairs.length,
          });
        }
      }),
    );
  });
});
