import { scaleValues, type ScaleRange } from "@/lib/framework/scale";
import type { MapSpot } from "@/lib/report/team";
import { GROUP_COLOURS } from "./colours";

const WIDTH = 340;
const HEIGHT = 300;
const PLOT = { left: 44, right: WIDTH - 12, top: 10, bottom: HEIGHT - 40 };
/**
 * A spot's radius: spots are 0.1 apart on each side, about 7 units on this plot, so even the
 * busiest spot's dot stays clear of its neighbours' (a larger one drew dots over each other).
 */
const SMALLEST_RADIUS = 1.5;
const BUSIEST_RADIUS = 3.4;

/**
 * Management (x) against leadership (y), others' view, with people pooled into spots of 0.1 on
 * each side: the dot grows with the number of people at that spot. A table carries the same data
 * per person. Spots carry no names: the whole organisation is plotted. Plain SVG drawn with the
 * page (no charting library in the browser), scaled to the width it is given.
 */
export function PoleMap({ spots, scale }: { spots: MapSpot[]; scale: ScaleRange }) {
  const most = Math.max(1, ...spots.map(([, , people]) => people));
  const span = Math.max(1, scale.max - scale.min);
  const x = (v: number) => PLOT.left + ((v - scale.min) / span) * (PLOT.right - PLOT.left);
  const y = (v: number) => PLOT.bottom - ((v - scale.min) / span) * (PLOT.bottom - PLOT.top);
  const ticks = scaleValues(scale);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="mx-auto mt-2 block h-auto w-full max-w-xl"
      role="img"
      aria-labelledby="pole-map-title pole-map-desc"
    >
      <title id="pole-map-title">Leader and manager map</title>
      <desc id="pole-map-desc">
        {`${spots.reduce((n, [, , people]) => n + people, 0)} people placed by their average as a manager (across) and as a leader (up), on a scale from ${scale.min} to ${scale.max}. The table below lists the same averages.`}
      </desc>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={PLOT.top} y2={PLOT.bottom} stroke="#e2e8f0" />
          <line x1={PLOT.left} x2={PLOT.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
          <text x={x(t)} y={PLOT.bottom + 14} fontSize="11" textAnchor="middle" fill="#475569">
            {t}
          </text>
          <text x={PLOT.left - 8} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#475569">
            {t}
          </text>
        </g>
      ))}
      <rect x={PLOT.left} y={PLOT.top} width={PLOT.right - PLOT.left} height={PLOT.bottom - PLOT.top} fill="none" stroke="#94a3b8" />
      <text x={(PLOT.left + PLOT.right) / 2} y={HEIGHT - 6} fontSize="12" textAnchor="middle" fill="#334155">
        As a manager
      </text>
      <text
        x={12}
        y={(PLOT.top + PLOT.bottom) / 2}
        fontSize="12"
        textAnchor="middle"
        fill="#334155"
        transform={`rotate(-90 12 ${(PLOT.top + PLOT.bottom) / 2})`}
      >
        As a leader
      </text>
      {spots.map(([management, leadership, people]) => (
        <circle
          key={`${management}-${leadership}`}
          cx={x(management)}
          cy={y(leadership)}
          // Grows with head count; where every spot holds one person, every dot is full size.
          r={SMALLEST_RADIUS + (BUSIEST_RADIUS - SMALLEST_RADIUS) * Math.sqrt(people / most)}
          fill={GROUP_COLOURS.others}
          fillOpacity={0.8}
        />
      ))}
    </svg>
  );
}
