import type { PulseItemResult } from "@/lib/report/pulse";
import { changeSvg, withDescription } from "@/lib/reports/charts-svg";
import { markerOf } from "@/lib/reports/report-style";
import { GROUP_COLOURS } from "./colours";

/** Sized for a phone's column, like the report's radar; it scales up on wider screens. */
const WIDTH = 340;

/**
 * One focus area's change per group, as bars from "about the same" on the pulse's change scale.
 * The bars are drawn from the same rows as the text beside them: a group whose change is not shown
 * keeps its reason and gets no bar.
 */
export function PulseChangeChart({ item, scale }: { item: PulseItemResult; scale: { min: number; max: number } }) {
  const chart = changeSvg({
    rows: item.rows.map((row) => ({
      label: row.label,
      colour: GROUP_COLOURS[row.group],
      marker: markerOf(row.group),
      value: row.shown ? row.change : { reason: "No change shown" },
    })),
    scale,
    ends: { low: "less often", high: "more often" },
    width: WIDTH,
    fontSize: 11,
  });
  const shown = item.rows.filter((r) => r.shown).length;
  const desc = `The change each group reported, from ${scale.min} (much less often) to ${scale.max} (much more often), where the middle means about the same. ${shown} of ${item.rows.length} groups shown; the numbers are listed below.`;
  return (
    <div
      className="mx-auto mt-3 max-w-md [&>svg]:h-auto [&>svg]:w-full"
      dangerouslySetInnerHTML={{ __html: withDescription(chart, `${item.title}: change by group`, desc).svg }}
    />
  );
}
