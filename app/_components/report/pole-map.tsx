"use client";

import { useMemo } from "react";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis } from "recharts";
import { GROUP_COLOURS } from "./colours";

/**
 * One dot per person: management (x) against leadership (y), others' view. A table carries the same
 * data. Points arrive as [management, leadership] pairs: the whole organisation is plotted, and
 * names would only add weight to the page (the dots carry none).
 */
export function PoleMap({ points }: { points: [management: number, leadership: number][] }) {
  const data = useMemo(() => points.map(([management, leadership]) => ({ management, leadership })), [points]);
  return (
    <div aria-hidden="true" className="h-80 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 10, right: 20, bottom: 30, left: 10 }} accessibilityLayer={false}>
          <CartesianGrid />
          <XAxis
            type="number"
            dataKey="management"
            name="Management"
            domain={[1, 5]}
            tickCount={5}
            label={{ value: "As a manager", position: "bottom", fill: "#334155" }}
          />
          <YAxis
            type="number"
            dataKey="leadership"
            name="Leadership"
            domain={[1, 5]}
            tickCount={5}
            label={{ value: "As a leader", angle: -90, position: "insideLeft", fill: "#334155" }}
          />
          <Scatter data={data} fill={GROUP_COLOURS.others} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
