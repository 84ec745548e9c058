import { toCsv } from "@/lib/csv";
import { snapshotScale } from "@/lib/framework/scale";
import { REPORT_GROUP_LABELS } from "@/lib/report/groups";
import type { ReportSnapshot } from "@/lib/report/types";

/**
 * The report as CSV: exactly what the page shows, read from the same snapshot. Suppressed cells
 * appear with their reason and no number.
 */
export function reportToCsv(snapshot: ReportSnapshot): string {
  const rows: (string | number | undefined | null)[][] = [];
  const header = ["section", "difference", "pole", "item", "group", "status", "n", "mean", "note"];
  // Every mean below is on this scale (a follow-up pulse's is a change scale, not the report's).
  const scale = snapshotScale(snapshot);
  rows.push(["scale", "", "", "", "", "", "", "", `${scale.min} = ${scale.minLabel} … ${scale.max} = ${scale.maxLabel}`]);
  for (const line of snapshot.summary) rows.push(["summary", "", "", "", "", "", "", "", line]);
  for (const g of snapshot.groups) rows.push(["group", "", "", "", g.label, g.shown ? "shown" : "not shown", g.responses, "", g.note]);
  for (const item of snapshot.items) {
    const dimension = snapshot.dimensions.find((d) => d.key === item.dimensionKey);
    const pole = item.pole && dimension ? dimension.poles[item.pole].label : "";
    for (const cell of item.cells) {
      rows.push([
        item.dimensionKey ? "score" : "custom item",
        dimension?.title ?? "",
        pole,
        item.text,
        REPORT_GROUP_LABELS[cell.group],
        cell.status,
        cell.n,
        cell.mean?.toFixed(2),
        cell.reason,
      ]);
    }
  }
  for (const [section, gaps] of [
    ["blind spot", snapshot.gaps.blindSpots],
    ["hidden strength", snapshot.gaps.hiddenStrengths],
  ] as const)
    for (const g of gaps)
      rows.push([
        section,
        "",
        "",
        g.label,
        "self vs others",
        "",
        g.othersN,
        g.gap.toFixed(2),
        `self ${g.self.toFixed(2)}, others ${g.others.toFixed(2)}`,
      ]);
  for (const a of snapshot.agreement) {
    const d = snapshot.dimensions.find((x) => x.key === a.dimensionKey);
    rows.push(["agreement", d?.title ?? a.dimensionKey, "", "", REPORT_GROUP_LABELS.others, a.level, a.n, "", a.label]);
  }
  for (const topic of snapshot.comments)
    for (const c of topic.entries) rows.push(["comment", topic.title, "", "", c.groupLabel, "", "", "", c.body]);
  for (const g of snapshot.growth) for (const tip of g.tips) rows.push(["growth tip", g.title, g.poleLabel, "", "", "", "", "", tip]);
  return toCsv(header, rows);
}
