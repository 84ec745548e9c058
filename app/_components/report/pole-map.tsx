"use client";

import { useMemo } from "react";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis, ZAxis } from "recharts";
import type { MapSpot } from "@/lib/report/team";
import { GROUP_COLOURS } from "./colours";

/**
 * Management (x) against leadership (y), others' view, with people pooled into spots of 0.1 on
 * each side: the dot's area grows with the number of people at that spot. A table carries the
 * same data per person. Spots carry no names: the whole organisation is plotted.
 */
export function PoleMap({ spots }: { spots: MapSpot[] }) {
  const data = useMemo(() => spots.map(([management, leadership, people]) => ({ management, leadership, people })), [spots]);
  const most = useMemo(() => Math.max(1, ...spots.map(([, , people]) => people)), [spots]);
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
          {/* One person keeps the size a lone dot always had; the busiest spot gets the largest. */}
          <ZAxis type="number" dataKey="people" name="People" domain={[1, Math.max(2, most)]} range={[48, 400]} />
          <Scatter data={data} fill={GROUP_COLOURS.others} fillOpacity={0.75} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
