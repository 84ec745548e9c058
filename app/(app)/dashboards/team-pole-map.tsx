"use client";

import { useMemo } from "react";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis, type ScatterShapeProps } from "recharts";
import { scaleAxis, type ScaleRange } from "@/lib/framework/scale";
import type { MapSpot } from "@/lib/report/team";
import { GROUP_COLOURS } from "@/app/_components/report/colours";

/** A spot's radius in pixels: the busiest about as wide as the 0.1 between two spots on a laptop. */
const SMALLEST_RADIUS = 1.5;
const BUSIEST_RADIUS = 5;

/**
 * Management (x) against leadership (y), others' view, with people pooled into spots of 0.1 on
 * each side: the dot grows with the number of people at that spot. A table carries the
 * same data per person. Spots carry no names: the whole organisation is plotted.
 *
 * Drawn with recharts in the browser (HR's exploring view, where a live chart earns its weight),
 * and loaded only after the page (dashboard-sections.tsx), so its code is not on the first paint.
 * A person's own report draws its charts once as SVG on the server, the same as its PDF.
 */
export function PoleMap({ spots, scale }: { spots: MapSpot[]; scale: ScaleRange }) {
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
            {...scaleAxis(scale)}
            label={{ value: "As a manager", position: "bottom", fill: "#334155" }}
          />
          <YAxis
            type="number"
            dataKey="leadership"
            name="Leadership"
            {...scaleAxis(scale)}
            label={{ value: "As a leader", angle: -90, position: "insideLeft", fill: "#334155" }}
          />
          <Scatter
            data={data}
            isAnimationActive={false}
            shape={({ cx, cy, payload }: ScatterShapeProps) => (
              <circle
                cx={cx}
                cy={cy}
                // Grows with head count; where every spot holds one person, every dot is full size.
                r={SMALLEST_RADIUS + (BUSIEST_RADIUS - SMALLEST_RADIUS) * Math.sqrt((payload as { people: number }).people / most)}
                fill={GROUP_COLOURS.others}
                fillOpacity={0.8}
              />
            )}
          />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
