import type { Pole } from "@/lib/framework";
import type { Agreement, Gap } from "./types";

export const GAP_RULE =
  "A gap is flagged when the self-rating is at least one point away from the average of others' ratings and further away than others' ratings are spread from each other (their standard deviation), so it is not explained by raters simply disagreeing among themselves.";

export interface GapInput {
  itemKey: string;
  dimensionKey: string | null;
  pole: Pole | null;
  label: string;
  self: number | null;
  others: number | null;
  othersN: number;
  othersScores: number[];
}

export function standardDeviation(scores: number[]): number {
  if (scores.length < 2) return 0;
  const m = scores.reduce((a, b) => a + b, 0) / scores.length;
  return Math.sqrt(scores.reduce((a, b) => a + (b - m) ** 2, 0) / (scores.length - 1));
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Blind spots (self well above others) and hidden strengths (others well above self), per GAP_RULE. */
export function findGaps(items: GapInput[]): { blindSpots: Gap[]; hiddenStrengths: Gap[] } {
  const blindSpots: Gap[] = [];
  const hiddenStrengths: Gap[] = [];
  for (const i of items) {
    if (i.self === null || i.others === null) continue;
    const gap = round(i.self - i.others);
    const spread = standardDeviation(i.othersScores);
    if (Math.abs(gap) < 1 || Math.abs(gap) <= spread) continue;
    const entry: Gap = {
      itemKey: i.itemKey,
      dimensionKey: i.dimensionKey,
      pole: i.pole,
      label: i.label,
      self: i.self,
      others: i.others,
      othersN: i.othersN,
      gap,
    };
    (gap > 0 ? blindSpots : hiddenStrengths).push(entry);
  }
  blindSpots.sort((a, b) => b.gap - a.gap);
  hiddenStrengths.sort((a, b) => a.gap - b.gap);
  return { blindSpots, hiddenStrengths };
}

/**
 * How much others agree on a difference: the average spread (standard deviation) of others' scores
 * on its items, from the scores behind published "others" cells with at least k raters.
 */
export function agreementFor(dimensionKey: string, perItemScores: number[][], threshold: number): Agreement | null {
  const usable = perItemScores.filter((s) => s.length >= threshold);
  if (usable.length === 0) return null;
  const spread = round(usable.reduce((a, s) => a + standardDeviation(s), 0) / usable.length);
  const n = Math.min(...usable.map((s) => s.length));
  const level = spread < 0.75 ? "agree" : spread < 1.25 ? "mixed" : "disagree";
  const label = level === "agree" ? "Raters broadly agree" : level === "mixed" ? "Raters partly disagree" : "Raters disagree widely";
  return { dimensionKey, level, spread, n, label };
}
