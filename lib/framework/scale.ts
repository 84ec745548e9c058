import type { ScalePoint } from "./types";
import { frameworkV1 } from "./v1";

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

export function scaleRange(scale: readonly ScalePoint[]): ScaleRange {
  const values = scale.map((p) => p.value);
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** Every whole point from min to max. */
export function scaleValues({ min, max }: ScaleRange): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * Framework v1's scale. Reports released before snapshots held their scale were all rated on it
 * (v1 is the only framework they could be built from), so it is what such a snapshot reads as.
 */
export const V1_SCALE: ScaleRange = scaleRange(frameworkV1.scale);

/** The scale a snapshot was rated on. */
export function snapshotScale(snapshot: { scale?: ScaleRange }): ScaleRange {
  return snapshot.scale ?? V1_SCALE;
}

/** Which point a mean rounds to (the dashboard's heat bands and distribution), clamped to the scale. */
export function nearestPoint(mean: number, { min, max }: ScaleRange): number {
  return Math.min(max, Math.max(min, Math.round(mean)));
}
