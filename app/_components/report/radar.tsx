"use client";

import { Legend, PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, ResponsiveContainer } from "recharts";
import { radarAxis, type ScaleRange } from "@/lib/framework/scale";
import { REPORT_GROUP_LABELS } from "@/lib/report/groups";
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

/**
 * One pole over the eight differences (self against others by default; any series can be drawn).
 * Decorative for screen readers: the same numbers are always given in a table next to it.
 */
export function PoleRadar({
  title,
  data,
  series = SELF_VS_OTHERS,
  scale,
}: {
  title: string;
  data: RadarPoint[];
  series?: RadarSeries[];
  scale: ScaleRange;
}) {
  return (
    <figure className="min-w-0">
      <figcaption className="text-center font-semibold">{title}</figcaption>
      <div aria-hidden="true" className="h-72 w-full sm:h-80">
        <ResponsiveContainer width="100%" height="100%">
          <RadarChart data={data} outerRadius="70%" accessibilityLayer={false}>
            <PolarGrid />
            <PolarAngleAxis dataKey="dimension" tick={{ fontSize: 11, fill: "#334155" }} />
            <PolarRadiusAxis {...radarAxis(scale)} tick={{ fontSize: 10, fill: "#475569" }} angle={90} />
            {series.map((s) => (
              <Radar
                key={s.key}
                name={s.name}
                dataKey={s.key}
                stroke={s.colour}
                fill={s.colour}
                fillOpacity={s.dashed ? 0.05 : 0.2}
                strokeWidth={2}
                strokeDasharray={s.dashed ? "6 4" : undefined}
                isAnimationActive={false}
              />
            ))}
            <Legend wrapperStyle={{ fontSize: 12 }} />
          </RadarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
