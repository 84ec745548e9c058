import type { ScalePoint } from "./types";

/**
 * The rating scale, as the framework holds it (min, max and a label per point). A cycle freezes it
 * with the rest of its questionnaire, so everything that knows the range of a score (the survey's
 * answer values, the anonymity maths, chart domains, heat bands, "4.2 of 5") reads it from the
 * cycle's questionnaire or the snapshot built from it, and none of them writes 1 to 5 out.
 */
export interface ScaleRange {
  min: number;
  max: number;
}

/** A scale's range with the words at its two ends, as a report keeps it. */
export interface ReportScale extends ScaleRange {
  minLabel: string;
  maxLabel: string;
}

export function scaleRange(scale: readonly ScalePoint[]): ReportScale {
  const values = scale.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { min, max, minLabel: scale.find((p) => p.value === min)!.label, maxLabel: scale.find((p) => p.value === max)!.label };
}

/** Every whole point from min to max. */
export function scaleValues({ min, max }: ScaleRange): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * Framework v1's scale. Reports released before snapshots held their scale were all rated on it
 * (v1 is the only framework they could be built from), so it is what such a snapshot reads as.
 * Written out rather than read from v1.ts so that charts in the browser do not carry the whole
 * framework; a unit test holds the two equal.
 */
export const V1_SCALE: ReportScale = { min: 1, max: 5, minLabel: "Almost never", maxLabel: "Almost always" };

/** The scale a snapshot was rated on. */
export function snapshotScale(snapshot: { scale?: ReportScale }): ReportScale {
  return snapshot.scale ?? V1_SCALE;
}

/** Which point a mean rounds to (the dashboard's heat bands and distribution), clamped to the scale. */
export function nearestPoint(mean: number, { min, max }: ScaleRange): number {
  return Math.min(max, Math.max(min, Math.round(mean)));
}

/**
 * Which of `bands` colour bands a mean falls in (1 = lowest), the scale cut into equal parts at
 * its points' midpoints. On a 5-point scale with five bands it is the point the mean rounds to.
 */
export function bandOf(mean: number, { min, max }: ScaleRange, bands: number): number {
  const position = max === min ? 0 : ((mean - min) / (max - min)) * (bands - 1);
  return Math.min(bands, Math.max(1, 1 + Math.round(position)));
}

/** A chart axis over the scale: its domain and a tick on every point. */
export function scaleAxis({ min, max }: ScaleRange): { domain: [number, number]; tickCount: number } {
  return { domain: [min, max], tickCount: max - min + 1 };
}
