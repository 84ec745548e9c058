"use client";

import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, ResponsiveContainer, Legend } from "recharts";
import { GROUP_COLOURS } from "./colours";

export interface RadarPoint {
  dimension: string;
  self: number | null;
  others: number | null;
}

/**
 * Self (dashed, vermillion) against all raters except self (solid, blue) over the eight
 * differences, for one pole. Decorative for screen readers: the same numbers follow in a table.
 */
export function PoleRadar({ title, data }: { title: string; data: RadarPoint[] }) {
  return (
    <figure className="min-w-0">
      <figcaption className="text-center font-semibold">{title}</figcaption>
      <div aria-hidden="true" className="h-72 w-full sm:h-80">
        <ResponsiveContainer width="100%" height="100%">
          <RadarChart data={data} outerRadius="70%" accessibilityLayer={false}>
            <PolarGrid />
            <PolarAngleAxis dataKey="dimension" tick={{ fontSize: 11, fill: "#334155" }} />
            <PolarRadiusAxis domain={[0, 5]} tickCount={6} tick={{ fontSize: 10, fill: "#475569" }} angle={90} />
            <Radar
              name="All raters except self"
              dataKey="others"
              stroke={GROUP_COLOURS.others}
              fill={GROUP_COLOURS.others}
              fillOpacity={0.2}
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Radar
              name="Self"
              dataKey="self"
              stroke={GROUP_COLOURS.self}
              fill={GROUP_COLOURS.self}
              fillOpacity={0.05}
              strokeWidth={2}
              strokeDasharray="6 4"
              isAnimationActive={false}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
          </RadarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
