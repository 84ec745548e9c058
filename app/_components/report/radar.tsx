import { type ScaleRange } from "@/lib/framework/scale";
import { REPORT_GROUP_LABELS } from "@/lib/report/groups";
import { radarSvg, withDescription } from "@/lib/reports/charts-svg";
import { GROUP_COLOURS } from "./colours";

export interface RadarPoint {
  dimension: string;
  [series: string]: number | string | null;
}

export interface RadarSeries {
  key: string;
  name: string;
  colour: string;
  dashed?: boolean;
}

const SELF_VS_OTHERS: RadarSeries[] = [
  { key: "others", name: REPORT_GROUP_LABELS.others, colour: GROUP_COLOURS.others },
  { key: "self", name: REPORT_GROUP_LABELS.self, colour: GROUP_COLOURS.self, dashed: true },
];

/** Sized for a phone's column (it scales up on wider screens): about 11 px text at 340 px wide. */
const WIDTH = 340;
const FONT_SIZE = 10.5;
const LABEL_WIDTH = 84;

/**
 * One pole over the eight differences (self against others by default; any series can be drawn).
 * Drawn by the same function as the PDF's radar (lib/reports/charts-svg.ts), as plain SVG on the
 * server: the radial axis runs from the scale's minimum, as in the PDF, and the labels wrap rather
 * than being cut. No charting library reaches the browser. The chart is an image with a title and
 * a description; its numbers are in the table that always follows it.
 */
export function PoleRadar({
  title,
  data,
  series = SELF_VS_OTHERS,
  scale,
  describedBy,
}: {
  title: string;
  data: RadarPoint[];
  series?: RadarSeries[];
  scale: ScaleRange;
  /** The id of the table with the same numbers. */
  describedBy?: string;
}) {
  const chart = radarSvg({
    axes: data.map((d) => d.dimension),
    series: series.map((s) => ({
      name: s.name,
      colour: s.colour,
      dashed: s.dashed,
      values: data.map((d) => (typeof d[s.key] === "number" ? (d[s.key] as number) : null)),
    })),
    scale,
    width: WIDTH,
    fontSize: FONT_SIZE,
    labelWidth: LABEL_WIDTH,
  });
  const desc = `${series.map((s) => s.name).join(" and ")} on each of the ${data.length} differences, on a scale from ${scale.min} at the centre to ${scale.max} at the edge.${
    describedBy ? " The same numbers are in the table below." : ""
  }`;
  return (
    <figure className="min-w-0">
      <figcaption className="text-center font-semibold">{title}</figcaption>
      <ul className="mt-1 flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs text-slate-700" aria-label={`${title}: legend`}>
        {series.map((s) => (
          <li key={s.key} className="flex items-center gap-1">
            <svg width="20" height="10" viewBox="0 0 20 10" aria-hidden="true">
              <rect x="0" y="1" width="20" height="8" fill={s.colour} fillOpacity={s.dashed ? 0.06 : 0.22} />
              <line x1="0" y1="5" x2="20" y2="5" stroke={s.colour} strokeWidth="2" strokeDasharray={s.dashed ? "5 3" : undefined} />
            </svg>
            {s.name}
            {s.dashed ? " (dashed)" : ""}
          </li>
        ))}
      </ul>
      <div
        className="mx-auto mt-1 max-w-md [&>svg]:h-auto [&>svg]:w-full"
        dangerouslySetInnerHTML={{ __html: withDescription(chart, `${title}: radar chart`, desc).svg }}
      />
    </figure>
  );
}
