import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildQuestionnaire, getFramework, growthIdeas, POLES } from "@/lib/framework";
import { buildReport } from "@/lib/report/build-report";
import { allFocusOptions, focusEvidence, growthBoxes, suggestedFocus } from "@/lib/report/focus";
import type { ReportSnapshot, ResponseInput, StoredGroup } from "@/lib/report/types";

const questionnaire = buildQuestionnaire();
const itemKeys = questionnaire.items.map((i) => i.key);
const keep = <T>(xs: T[]) => xs;

const score = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constant(null) });
const sizes = fc.record({
  self: fc.integer({ min: 0, max: 1 }),
  manager: fc.integer({ min: 0, max: 2 }),
  peer: fc.integer({ min: 0, max: 7 }),
  direct_report: fc.integer({ min: 0, max: 7 }),
  other: fc.integer({ min: 0, max: 3 }),
});
const randomReport = fc.record({ k: fc.integer({ min: 2, max: 4 }), sizes }).chain(({ k, sizes }) => {
  const groups = (Object.entries(sizes) as [StoredGroup, number][]).flatMap(([g, n]) => Array.from({ length: n }, () => g));
  return fc.record({
    k: fc.constant(k),
    responses: fc.tuple(
      ...groups.map((g) =>
        fc
          .array(score, { minLength: itemKeys.length, maxLength: itemKeys.length })
          .map((s): ResponseInput => ({ group: g, answers: Object.fromEntries(itemKeys.map((key, i) => [key, s[i]!])) })),
      ),
    ),
  });
});

function report(k: number, responses: ResponseInput[]): ReportSnapshot {
  return buildReport(
    { questionnaire, threshold: k, commentThreshold: k, subjectName: "Sam Okafor", cycleName: "Autumn", responses, comments: [] },
    keep,
  );
}

const shownCell = (s: ReportSnapshot, itemKey: string, group: string) => {
  const c = s.items.find((i) => i.key === itemKey)!.cells.find((x) => x.group === group);
  return c?.status === "shown" ? c : null;
};

describe("growth ideas", () => {
  it("exist for both poles of all eight differences, at least three each, none repeated", () => {
    const f = getFramework("v1");
    expect(f.dimensions).toHaveLength(8);
    const all: string[] = [];
    for (const d of f.dimensions) {
      for (const pole of POLES) {
        const ideas = growthIdeas(d.key, pole);
        expect(ideas.length, `${d.key}.${pole}`).toBeGreaterThanOrEqual(3);
        all.push(...ideas);
      }
      // The leadership ideas are v1's own tips, unchanged.
      expect(growthIdeas(d.key, "leadership")).toEqual(d.growthTips);
    }
    expect(new Set(all).size).toBe(all.length);
    expect(growthIdeas("nonsense", "leadership")).toEqual([]);
  });
});

describe("focus evidence (property: only figures the report itself publishes)", () => {
  it("every number beside a focus area is a shown cell of the report, with its n; gaps only where both sides are shown", () => {
    fc.assert(
      fc.property(randomReport, ({ k, responses }) => {
        const s = report(k, responses);
        for (const e of allFocusOptions(s)) {
          const itemKey = `${e.dimensionKey}.${e.pole}`;
          const self = shownCell(s, itemKey, "self");
          const others = shownCell(s, itemKey, "others");
          expect(e.self).toBe(self ? self.mean : null);
          expect(e.others).toEqual(others ? { mean: others.mean, n: others.n } : null);
          if (e.others) expect(e.others.n).toBeGreaterThan(0);
          expect(e.gap === null).toBe(!(self && others));
          const band = s.agreement.find((a) => a.dimensionKey === e.dimensionKey);
          expect(e.agreement).toEqual(band ? { level: band.level, label: band.label, n: band.n } : null);
          expect(e.agreement && "spread" in e.agreement).toBeFalsy();
        }
        for (const box of [...growthBoxes(s).leadership, ...growthBoxes(s).management]) {
          const others = shownCell(s, `${box.dimensionKey}.${box.pole}`, "others");
          expect(box.others).toEqual(others ? { mean: others.mean, n: others.n } : null);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("suggests at most three areas, blind spots first, each from the report's own gaps", () => {
    fc.assert(
      fc.property(randomReport, ({ k, responses }) => {
        const s = report(k, responses);
        const suggested = suggestedFocus(s);
        expect(suggested.length).toBeLessThanOrEqual(3);
        const flagged = [...s.gaps.blindSpots, ...s.gaps.hiddenStrengths].map((g) => g.itemKey);
        expect(suggested.map((c) => `${c.dimensionKey}.${c.pole}`)).toEqual(flagged.slice(0, suggested.length));
      }),
      { numRuns: 200 },
    );
  });

  it("marks a blind spot and returns null for a difference the report does not have", () => {
    // Self 5 everywhere, four peers at 1: every item is a blind spot of 4 points.
    const responses: ResponseInput[] = [
      { group: "self", answers: Object.fromEntries(itemKeys.map((key) => [key, 5])) },
      ...Array.from({ length: 4 }, (): ResponseInput => ({ group: "peer", answers: Object.fromEntries(itemKeys.map((key) => [key, 1])) })),
    ];
    const s = report(3, responses);
    const e = focusEvidence(s, { dimensionKey: "risk", pole: "management" })!;
    expect(e).toMatchObject({ self: 5, others: { mean: 1, n: 4 }, gap: 4, flag: "blind_spot", poleLabel: "Contains risk" });
    expect(e.ideas).toEqual(growthIdeas("risk", "management"));
    expect(focusEvidence(s, { dimensionKey: "nonsense", pole: "leadership" })).toBeNull();
    expect(growthBoxes(s).management).toHaveLength(2);
  });
});

describe("HR's plan counts per team (both cells at least k)", () => {
  it("shows a team only where at least k have a plan and at least k have not; never pools", async () => {
    const { planCountsByTeam } = await import("@/lib/plans/counts");
    const row = (teamName: string, people: number, plans: number) => ({ teamId: teamName.toLowerCase(), teamName, people, plans });
    const out = planCountsByTeam([row("Product", 7, 3), row("Sales", 3, 0), row("Ops", 3, 3), row("Legal", 6, 2), row("Risk", 6, 4)], 3);
    expect(out.rows).toEqual([row("Product", 7, 3)]);
    // "0 of 3" and "3 of 3" each say what every member did; "2 of 6" and "4 of 6" leave a cell under k.
    expect(out.withheldTeams).toBe(4);
  });

  it("never shows a count where either those with or those without a plan are fewer than k (property)", async () => {
    const { planCountsByTeam } = await import("@/lib/plans/counts");
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(
          fc.integer({ min: 1, max: 14 }).chain((people) =>
            fc.record({
              teamId: fc.uuid(),
              teamName: fc.string({ maxLength: 6 }),
              people: fc.constant(people),
              plans: fc.integer({ min: 0, max: people }),
            }),
          ),
          { maxLength: 8 },
        ),
        (k, teams) => {
          const out = planCountsByTeam(teams, k);
          for (const r of out.rows) {
            expect(r.plans).toBeGreaterThanOrEqual(k);
            expect(r.people - r.plans).toBeGreaterThanOrEqual(k);
          }
          expect(out.rows.length + out.withheldTeams).toBe(teams.length);
        },
      ),
    );
  });
});
