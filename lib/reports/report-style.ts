// The one place the PDF and its charts read rater-group labels, colours and the scale from, so
// that they say what the web report says. Labels, colours and the display order are derived from
// the rater-group table (lib/report/groups.ts); the scale is the one the snapshot was rated on.
import { snapshotScale, type ReportScale } from "@/lib/framework/scale";
import { GROUP_COLOURS, REPORT_DISPLAY_ORDER, REPORT_GROUP_LABELS } from "@/lib/report/groups";
import type { ReportGroup, ReportSnapshot } from "@/lib/report/types";
import type { MarkerKind } from "./charts-svg";

export const groupLabel = (group: ReportGroup): string => REPORT_GROUP_LABELS[group];
export const groupColour = (group: ReportGroup): string => GROUP_COLOURS[group];

/** The order the web report lists groups in: self and others first, for the comparison. */
export const DISPLAY_ORDER: readonly ReportGroup[] = REPORT_DISPLAY_ORDER;

/** The scale a snapshot was rated on (framework v1's for snapshots from before they held it). */
export function scaleOf(snapshot: ReportSnapshot): ReportScale {
  return snapshotScale(snapshot);
}

/** The words of the scale's two ends ("almost never", "almost always"), as the snapshot holds them. */
export function scaleWords(snapshot: ReportSnapshot): { min: string; max: string } {
  const { minLabel, maxLabel } = snapshotScale(snapshot);
  return { min: minLabel.toLowerCase(), max: maxLabel.toLowerCase() };
}

/** The web report's marker shapes: self a diamond, others a circle, each group an outlined square. */
export function markerOf(g: ReportGroup): MarkerKind {
  return g === "self" ? "diamond" : g === "others" ? "circle" : "square";
}
