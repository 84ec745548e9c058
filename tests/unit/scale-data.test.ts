import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bandOf,
  buildQuestionnaire,
  getFramework,
  scaleAxis,
  scaleRange,
  scaleValues,
  snapshotScale,
  V1_SCALE,
  type Questionnaire,
} from "@/lib/framework";
import { buildReport } from "@/lib/report/build-report";
import { agreementFor, spreadsConsistentWith } from "@/lib/report/gaps";
import { teamCells, type PublishedCells } from "@/lib/report/team";
import type { ReportInput, ResponseInput, StoredGroup } from "@/lib/report/types";
import { answerValues, fieldName, responseSchema, withDefaults } from "@/lib/surveys/schema";
import { auditSnapshot } from "../support/disclosure-auditor";

/**
 * The scale is data: a questionnaire frozen with seven points instead of five changes nothing but
 * this fixture, and the survey's values, the anonymity maths, the report's wording, the chart axes,
 * the heat bands and the dashboard's distribution all follow it.
 */
const SEVEN = ["Never", "Almost never", "Rarely", "Sometimes", "Often", "Almost always", "Always"];
const sevenPoint: Questionnaire = {
  ...buildQuestionnaire(),
  scale: SEVEN.map((label, i) => ({ value: i + 1, label })),
};
const itemKeys = sevenPoint.items.map((i) => i.key);

/** Every multiset of n scores from low to high adding up to sum, counted plainly. */
function multisets(n: number, sum: number, low: number, high: number): number {
  if (n === 0) return sum === 0 ? 1 : 0;
  let count = 0;
  for (let v = low; v <= high && v * n <= sum; v++) count += multisets(n - 1, sum - v, v, high);
  return count;
}

describe("the scale as data (a 7-point fixture)", () => {
  it("framework v1's scale is the one old snapshots read as", () => {
    expect(scaleRange(getFramework().scale)).toEqual(V1_SCALE);
    expect(snapshotScale({})).toEqual(V1_SCALE);
  });

  it("the survey takes every point of the frozen scale, and nothing beyond it", () => {
    expect(answerValues(sevenPoint)).toEqual(["1", "2", "3", "4", "5", "6", "7", "not_observed"]);
    expect(answerValues(buildQuestionnaire())).toEqual(["1", "2", "3", "4", "5", "not_observed"]);
    const all = (value: string) =>
      withDefaults(sevenPoint, { answers: Object.fromEntries(itemKeys.map((k) => [fieldName(k), value as "1"])) });
    expect(responseSchema(sevenPoint).safeParse(all("7")).success).toBe(true);
    expect(responseSchema(sevenPoint).safeParse(all("8")).success).toBe(false);
    // The five-point questionnaire's schema is a different one (the shape cache keys on the scale).
    expect(responseSchema(buildQuestionnaire()).safeParse(all("7")).success).toBe(false);
  });

  it("chart axes and heat bands follow the scale", () => {
    const seven = scaleRange(sevenPoint.scale);
    expect(seven).toEqual({ min: 1, max: 7, minLabel: "Never", maxLabel: "Always" });
    expect(scaleAxis(seven)).toEqual({ domain: [1, 7], tickCount: 7 });
    expect(scaleAxis(V1_SCALE)).toEqual({ domain: [1, 5], tickCount: 5 });
    // Five colour bands: on five points, the point a mean rounds to; on seven, the scale in five parts.
    for (let mean = 0.5; mean <= 5.5; mean += 0.01) expect(bandOf(mean, V1_SCALE, 5)).toBe(Math.min(5, Math.max(1, Math.round(mean))));
    expect([1, 2, 3, 4, 5, 6, 7].map((m) => bandOf(m, seven, 5))).toEqual([1, 2, 2, 3, 4, 4, 5]);
  });

  it("the dashboard's distribution has a column per point", () => {
    const cells: PublishedCells[] = [
      { requestId: "a", cells: itemKeys.map((k) => [k, 3, 21] as [string, number, number]) },
      { requestId: "b", cells: itemKeys.map((k) => [k, 3, 3] as [string, number, number]) },
    ];
    const subjects = [
      { requestId: "a", name: "Ann" },
      { requestId: "b", name: "Bo" },
    ];
    const view = teamCells({ questionnaire: sevenPoint, threshold: 3, subjects, cells, previous: null });
    expect(view.distribution["culture.leadership"]).toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it("the spreads consistent with a mean are every multiset of the scale's points", () => {
    for (let n = 1; n <= 9; n++)
      for (let sum = 0; sum <= 7 * n + 1; sum++) {
        expect(spreadsConsistentWith(n, sum, { min: 1, max: 7 })).toHaveLength(multisets(n, sum, 1, 7));
        expect(spreadsConsistentWith(n, sum, V1_SCALE)).toHaveLength(multisets(n, sum, 1, 5));
      }
    // Six raters adding up to 8: {1,1,1,1,2,2} or {1,1,1,1,1,3} on five points and on seven alike,
    // and "agree" would say which, so the band is withheld on both.
    expect(agreementFor("culture", [[1, 1, 1, 1, 2, 2]], 3, V1_SCALE)).toBeNull();
    expect(agreementFor("culture", [[1, 1, 1, 1, 2, 2]], 3, scaleRange(sevenPoint.scale))).toBeNull();
  });

  it("the report says '… of 7', records its scale, and publishes nothing the auditor objects to", () => {
    const score = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 7 }) }, { weight: 1, arbitrary: fc.constant(null) });
    const groups: StoredGroup[] = ["self", "manager", "peer", "peer", "peer", "direct_report", "direct_report", "other", "pooled"];
    fc.assert(
      fc.property(
        fc.array(fc.array(score, { minLength: itemKeys.length, maxLength: itemKeys.length }), { minLength: 3, maxLength: groups.length }),
        (rows) => {
          const responses: ResponseInput[] = rows.map((scores, i) => ({
            group: groups[i]!,
            answers: Object.fromEntries(itemKeys.map((k, j) => [k, scores[j]!])),
          }));
          const input: ReportInput = {
            questionnaire: sevenPoint,
            threshold: 3,
            commentThreshold: 3,
            subjectName: "Sam Okafor",
            cycleName: "Autumn",
            responses,
            comments: [],
          };
          const report = buildReport(input, (xs) => xs);
          expect(report.scale).toEqual(scaleRange(sevenPoint.scale));
          expect(auditSnapshot(input, report)).toEqual([]);
          for (const item of report.items) for (const c of item.cells) if (c.mean !== undefined) expect(c.mean).toBeLessThanOrEqual(7);
          if (report.highest.length > 0) expect(report.summary[0]).toMatch(/ of 7\)/);
        },
      ),
      { numRuns: 40 },
    );
    expect(scaleValues(scaleRange(sevenPoint.scale))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
