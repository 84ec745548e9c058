import type { Pole, ScaleRange } from "@/lib/framework";
import type { Agreement } from "./types";
import type { Gap } from "./types";

/**
 * Gaps and agreement. Both are published beside means, so neither may say more about the scores
 * behind a mean than the mean itself: a spread to two decimals, given the mean and n, often pins
 * the exact scores (peers gave exactly {1, 1, 3}), and then one rater who knows their own score
 * knows the others'. So agreement is a coarse band, shown only over at least 2k raters and only
 * where the band cannot narrow the possible scores to one set; and gaps are flagged from published
 * figures alone (the mean, and the band where it is shown), never from the hidden spread.
 */

export const GAP_RULE =
  "A gap is flagged when the self-rating is at least one point away from the average of others' ratings, unless others disagree widely on that difference (a gap is then as likely to come from raters disagreeing among themselves).";

export interface GapInput {
  itemKey: string;
  dimensionKey: string | null;
  pole: Pole | null;
  label: string;
  self: number | null;
  others: number | null;
  othersN: number;
  /** Others disagree widely here, as the published agreement band says. */
  disagree: boolean;
}

export function standardDeviation(scores: readonly number[]): number {
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
    if (Math.abs(gap) < 1 || i.disagree) continue;
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

export type AgreementLevel = Agreement["level"];

/** The bands, by the average standard deviation of others' scores: [from, to). */
export const AGREEMENT_BANDS: Record<AgreementLevel, [number, number]> = {
  agree: [0, 0.75],
  mixed: [0.75, 1.25],
  disagree: [1.25, Infinity],
};

const LABELS: Record<AgreementLevel, string> = {
  agree: "Raters broadly agree",
  mixed: "Raters partly disagree",
  disagree: "Raters disagree widely",
};

function levelOf(spread: number): AgreementLevel {
  return spread < AGREEMENT_BANDS.agree[1] ? "agree" : spread < AGREEMENT_BANDS.mixed[1] ? "mixed" : "disagree";
}

/**
 * The standard deviation of every multiset of n scores on the scale that adds up to `sum`. The
 * counts of the points above the lowest two are chosen (top first); those two then follow from n
 * and the sum, so a 5-point scale is three nested counts and a 7-point one five.
 */
export function spreadsConsistentWith(n: number, sum: number, scale: ScaleRange): number[] {
  const { min, max } = scale;
  const out: number[] = [];
  const mean = sum / n;
  const counts = new Array<number>(max - min + 1).fill(0);
  const emit = (left: number, restSum: number) => {
    // left = c_min + c_(min+1) and restSum = min * left + c_(min+1): both counts follow.
    const upper = max === min ? 0 : restSum - min * left;
    const lower = left - upper;
    if (upper < 0 || lower < 0 || (max === min && restSum !== min * left)) return;
    counts[0] = lower;
    if (max > min) counts[1] = upper;
    let ss = 0;
    for (let i = 0; i < counts.length; i++) ss += counts[i]! * (i + min - mean) ** 2;
    out.push(n < 2 ? 0 : Math.sqrt(ss / (n - 1)));
  };
  const choose = (point: number, left: number, restSum: number) => {
    if (point <= min + 1) return emit(left, restSum);
    const at = point - min;
    for (let c = 0; c <= left; c++) {
      // Every remaining score is at least min: once this many at `point` overshoot, more do too.
      if (restSum - point * c < min * (left - c)) break;
      counts[at] = c;
      if (point === min + 2) emit(left - c, restSum - point * c);
      else choose(point - 1, left - c, restSum - point * c);
    }
    counts[at] = 0;
  };
  choose(max, n, sum);
  return out;
}

/**
 * Would publishing this band, next to each item's mean and n, narrow some item's possible scores
 * down to a single set when its mean alone leaves more than one? Items are [n, sum] pairs; the band
 * is about the average of their standard deviations.
 */
export function bandPinsScores(items: readonly [n: number, sum: number][], level: AgreementLevel, scale: ScaleRange): boolean {
  const [from, to] = AGREEMENT_BANDS[level];
  const options = items.map(([n, sum]) => spreadsConsistentWith(n, sum, scale));
  return items.some((_, i) => {
    if (options[i]!.length < 2) return false; // the mean alone already says it
    // Sums of the other items' spreads that can occur (two items per difference: a short list).
    let others = [0];
    options.forEach((o, j) => {
      if (j !== i) others = [...new Set(others.flatMap((s) => o.map((x) => s + x)))];
    });
    const m = items.length;
    const fits = options[i]!.filter((s) =>
      others.some((rest) => levelOf((s + rest) / m) === level && (s + rest) / m >= from && (s + rest) / m < to),
    );
    return fits.length === 1;
  });
}

/**
 * How much others agree on a difference, from the scores behind its published "others" cells:
 * only items with at least 2k raters count, and the band is published only where it cannot pin
 * the scores (bandPinsScores). No number is published: a band and the smallest n behind it.
 */
export function agreementFor(dimensionKey: string, perItemScores: number[][], threshold: number, scale: ScaleRange): Agreement | null {
  const usable = perItemScores.filter((s) => s.length >= 2 * threshold);
  if (usable.length === 0) return null;
  const spread = usable.reduce((a, s) => a + standardDeviation(s), 0) / usable.length;
  const level = levelOf(spread);
  const cells = usable.map((s) => [s.length, s.reduce((a, b) => a + b, 0)] as [number, number]);
  if (bandPinsScores(cells, level, scale)) return null;
  const n = Math.min(...usable.map((s) => s.length));
  return { dimensionKey, level, n, label: LABELS[level] };
}

/**
 * A stored snapshot as it may be shown: reports released before the band rule hold the spread to
 * two decimals, which can pin scores, so it is dropped on the way out of the database (the stored
 * report is otherwise untouched: frozen means never recomputed).
 */
export function withoutLegacySpread<T extends { agreement: Agreement[] }>(snapshot: T): T {
  if (!snapshot.agreement.some((a) => a.spread !== undefined)) return snapshot;
  return { ...snapshot, agreement: snapshot.agreement.map(({ spread: _spread, ...rest }) => rest) };
}
