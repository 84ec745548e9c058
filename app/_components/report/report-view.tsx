"use client";

// A client component on purpose, though it has no state: the browser receives the frozen snapshot
// (about 20 KB of JSON, exactly what /api/reports/[id] serves the same reader) and the server renders
// the HTML once from it. As a server component its whole element tree travelled a second time inside
// the page (70 KB of it) and was rendered twice, which made the report page cost about twice as much.

import type { CSSProperties } from "react";
import { Card, scrollRegion } from "@/app/_components/ui";
import { snapshotScale, type ScaleRange } from "@/lib/framework/scale";
import { REPORT_DISPLAY_ORDER, REPORT_GROUP_LABELS } from "@/lib/report/groups";
import { growthBoxes } from "@/lib/report/focus";
import type { Cell, ReportGroup, ReportSnapshot } from "@/lib/report/types";
import { GROUP_COLOURS } from "./colours";
import { PoleRadar, type RadarPoint } from "./radar";

/** The whole report, rendered from its snapshot only. Every number carries its n. */

const cellOf = (s: ReportSnapshot, itemKey: string, group: ReportGroup): Cell | undefined =>
  s.items.find((i) => i.key === itemKey)?.cells.find((c) => c.group === group);
const shown = (c: Cell | undefined) => (c?.status === "shown" ? c : undefined);
const fmt = (n: number) => n.toFixed(1);

export function ReportView({ snapshot, own }: { snapshot: ReportSnapshot; own: boolean }) {
  const first = snapshot.subjectName.split(" ")[0];
  const sections = [
    { id: "summary-heading", title: "In short" },
    { id: "groups-heading", title: "Who answered" },
    { id: "radar-heading", title: "Self and others" },
    { id: "bipolar-heading", title: "Leader or manager?" },
    { id: "differences-heading", title: "Difference by difference" },
    { id: "gaps-heading", title: "Gaps between self and others" },
    ...(snapshot.customItemKeys.length ? [{ id: "custom-heading", title: "Your organisation's own items" }] : []),
    { id: "comments-heading", title: "In raters' own words" },
    ...(snapshot.growth.length ? [{ id: "growth-heading", title: "Growing as a leader" }] : []),
  ];
  return (
    <div className="report space-y-8">
      {/* A long page on a phone: the contents come first, each entry a jump to its section. */}
      <nav aria-labelledby="contents-heading" className="no-print rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="contents-heading" className="text-sm font-semibold text-slate-700">
          Contents
        </h2>
        <ol className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {sections.map((section, i) => (
            <li key={section.id}>
              <a href={`#${section.id}`} className="inline-flex min-h-6 items-center font-medium text-accent-700 underline">
                {i + 1}. {section.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <Card aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="text-lg font-semibold">
          In short
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {snapshot.summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </Card>

      <WhoAnswered snapshot={snapshot} />
      <Radars snapshot={snapshot} />
      <Bipolar snapshot={snapshot} own={own} />
      <Differences snapshot={snapshot} />
      <Gaps snapshot={snapshot} first={first ?? ""} />
      {snapshot.customItemKeys.length ? <CustomItems snapshot={snapshot} /> : null}
      <Comments snapshot={snapshot} />
      <Growth snapshot={snapshot} own={own} first={first ?? ""} />
    </div>
  );
}

function WhoAnswered({ snapshot }: { snapshot: ReportSnapshot }) {
  return (
    <Card aria-labelledby="groups-heading">
      <h2 id="groups-heading" className="text-lg font-semibold">
        Who answered, and how it is shown
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Anonymous groups appear only where at least {snapshot.threshold} raters gave a score. Nobody, including HR, can see an
        individual&apos;s answers.
      </p>
      <table className="mt-3 w-full text-sm">
        <caption className="sr-only">Rater groups</caption>
        <thead>
          <tr className="text-left">
            <th scope="col" className="py-1 pr-2">
              Group
            </th>
            <th scope="col" className="py-1 pr-2 text-right">
              Responses
            </th>
            <th scope="col" className="py-1">
              How it is shown
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {snapshot.groups.map((g) => (
            <tr key={g.group}>
              <th scope="row" className="py-2 pr-2 text-left font-medium">
                <span
                  className="mr-2 inline-block h-3 w-3 rounded-sm align-middle"
                  style={{ background: GROUP_COLOURS[g.group] }}
                  aria-hidden="true"
                />
                {g.label}
              </th>
              <td className="py-2 pr-2 text-right tabular-nums">{g.responses}</td>
              <td className="py-2 text-slate-700">{g.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function Radars({ snapshot }: { snapshot: ReportSnapshot }) {
  const scale = snapshotScale(snapshot);
  const points = (pole: "leadership" | "management"): RadarPoint[] =>
    snapshot.dimensions.map((d) => ({
      // The whole title: the chart wraps it (cut to its first word, "3. Taking" meant nothing).
      dimension: `${d.number}. ${d.title}`,
      self: shown(cellOf(snapshot, d.poles[pole].itemKey, "self"))?.mean ?? null,
      others: shown(cellOf(snapshot, d.poles[pole].itemKey, "others"))?.mean ?? null,
    }));
  return (
    <Card aria-labelledby="radar-heading">
      <h2 id="radar-heading" className="text-lg font-semibold">
        Self and others across the eight differences
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Scores from {scale.min} ({scale.minLabel.toLowerCase()}) to {scale.max} ({scale.maxLabel.toLowerCase()}). Self is the dashed line;
        all raters except self the filled shape.
      </p>
      <div className="mt-4 grid gap-6 md:grid-cols-2">
        <PoleRadar title="As a leader" data={points("leadership")} scale={scale} describedBy="radar-table" />
        <PoleRadar title="As a manager" data={points("management")} scale={scale} describedBy="radar-table" />
      </div>
      <details className="mt-4">
        <summary className="cursor-pointer font-semibold text-accent-800">Show these numbers as a table</summary>
        <div className="mt-2 overflow-x-auto" {...scrollRegion("Self and others by difference and pole")}>
          <table id="radar-table" className="w-full text-sm">
            <caption className="sr-only">Self and others by difference and pole</caption>
            <thead>
              <tr className="text-left">
                <th scope="col" className="py-1 pr-2">
                  Difference
                </th>
                <th scope="col" className="py-1 pr-2">
                  Leadership: self
                </th>
                <th scope="col" className="py-1 pr-2">
                  Leadership: others
                </th>
                <th scope="col" className="py-1 pr-2">
                  Management: self
                </th>
                <th scope="col" className="py-1">
                  Management: others
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {snapshot.dimensions.map((d) => (
                <tr key={d.key}>
                  <th scope="row" className="py-1 pr-2 text-left font-medium">
                    {d.title}
                  </th>
                  {(["leadership", "management"] as const).flatMap((pole) =>
                    (["self", "others"] as const).map((g) => {
                      const c = cellOf(snapshot, d.poles[pole].itemKey, g);
                      return (
                        <td key={`${pole}-${g}`} className="py-1 pr-2 tabular-nums">
                          {c?.status === "shown" ? `${fmt(c.mean!)} (n=${c.n})` : "not shown"}
                        </td>
                      );
                    }),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </Card>
  );
}

/** Where the person stands between the two poles: leadership score minus management score. */
function Bipolar({ snapshot, own }: { snapshot: ReportSnapshot; own: boolean }) {
  const groups = REPORT_ORDER.filter((g) => snapshot.dimensions.some((d) => balance(snapshot, d, g) !== null));
  // A balance runs from -(max - min) to +(max - min) of the scale the report was rated on.
  const scale = snapshotScale(snapshot);
  const span = Math.max(1, scale.max - scale.min);
  const xOf = (b: number) => 50 + (Math.max(-span, Math.min(span, b)) / span) * 47;
  const ticks = Array.from({ length: 2 * span + 1 }, (_, i) => i - span);
  // Each group has its own lane, so equal balances sit one above the other instead of on top.
  const lane = 9;
  const height = Math.max(24, groups.length * lane + 8);
  const laneY = (i: number) => height / 2 + (i - (groups.length - 1) / 2) * lane;
  return (
    <Card aria-labelledby="bipolar-heading">
      <h2 id="bipolar-heading" className="text-lg font-semibold">
        Leader or manager? Where {own ? "you stand" : "they stand"} on each difference
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Each line runs from the management pole (left) to the leadership pole (right), from {-span} to +{span}. A mark right of the middle
        means the leadership side was rated higher than the management side; both matter.
      </p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Legend">
        {groups.map((g) => (
          <li key={g} className="flex items-center gap-1">
            <Marker group={g} size={12} standalone />
            {REPORT_GROUP_LABELS[g]}
          </li>
        ))}
      </ul>
      <ol className="mt-4 space-y-5">
        {snapshot.dimensions.map((d) => {
          const marks = groups.flatMap((g, i) => {
            const b = balance(snapshot, d, g);
            return b === null ? [] : [{ g, b, y: laneY(i) }];
          });
          return (
            <li key={d.key}>
              <p className="font-medium">
                {d.number}. {d.title}
              </p>
              <div className="mt-1 grid grid-cols-[minmax(0,1fr)_minmax(0,2fr)_minmax(0,1fr)] items-center gap-2 text-xs text-slate-700">
                <span className="text-right">{d.poles.management.label}</span>
                {/* Positions in per cent of the width; the marks are drawn in their own unstretched
                    boxes at those positions, so a diamond stays a diamond on any screen. */}
                <svg width="100%" height={height} className="block overflow-visible" aria-hidden="true">
                  <rect x="0" y="0" width="100%" height={height} fill="#f8fafc" />
                  {ticks.map((t) => (
                    <line
                      key={t}
                      x1={`${xOf(t)}%`}
                      x2={`${xOf(t)}%`}
                      y1="0"
                      y2={height}
                      stroke={t === 0 ? "#64748b" : "#cbd5e1"}
                      strokeWidth={t === 0 ? 1.5 : 1}
                    />
                  ))}
                  <line x1={`${xOf(-span)}%`} x2={`${xOf(span)}%`} y1={height / 2} y2={height / 2} stroke="#94a3b8" strokeWidth="1" />
                  {marks.map(({ g, b, y }) => (
                    <svg key={g} x={`${xOf(b)}%`} y={y} overflow="visible">
                      <Marker group={g} x={0} y={0} size={9} />
                    </svg>
                  ))}
                </svg>
                <span>{d.poles.leadership.label}</span>
              </div>
              <p className="mt-1 text-xs text-slate-600">
                {marks.length === 0
                  ? "Not enough answers on both poles to place this difference."
                  : marks.map(({ g, b }) => `${REPORT_GROUP_LABELS[g]}: ${b > 0 ? "+" : ""}${fmt(b)}`).join(" · ")}
              </p>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}

const REPORT_ORDER = REPORT_DISPLAY_ORDER;

function balance(s: ReportSnapshot, d: ReportSnapshot["dimensions"][number], g: ReportGroup): number | null {
  const l = shown(cellOf(s, d.poles.leadership.itemKey, g));
  const m = shown(cellOf(s, d.poles.management.itemKey, g));
  return l && m ? Math.round((l.mean! - m.mean!) * 100) / 100 : null;
}

function Marker({
  group,
  x = 6,
  y = 6,
  size,
  standalone,
}: {
  group: ReportGroup;
  x?: number;
  y?: number;
  size: number;
  standalone?: boolean;
}) {
  const colour = GROUP_COLOURS[group];
  const r = size / 2;
  const shape =
    group === "self" ? (
      <polygon points={`${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`} fill={colour} />
    ) : group === "others" ? (
      <circle cx={x} cy={y} r={r} fill={colour} />
    ) : (
      <rect x={x - r * 0.8} y={y - r * 0.8} width={r * 1.6} height={r * 1.6} fill="white" stroke={colour} strokeWidth={2} />
    );
  if (!standalone) return shape;
  return (
    <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true">
      {shape}
    </svg>
  );
}

/**
 * Sixteen tables of bars, half the report: on a phone each difference folds to its title and the
 * two figures others gave (app/globals.css, "Report folds": a wide screen and print show them all
 * open), so the page is a list to choose from rather than twelve thousand pixels to scroll.
 */
function Differences({ snapshot }: { snapshot: ReportSnapshot }) {
  const scale = snapshotScale(snapshot);
  return (
    <section aria-labelledby="differences-heading" className="space-y-4">
      <h2 id="differences-heading" className="text-lg font-semibold">
        Difference by difference, per group
      </h2>
      <p className="text-sm text-slate-600 lg:hidden">Open a difference to see each group&apos;s scores.</p>
      <div className="grid gap-4 lg:grid-cols-2">
        {snapshot.dimensions.map((d) => {
          const agreement = snapshot.agreement.find((a) => a.dimensionKey === d.key);
          const others = (pole: "leadership" | "management") => {
            const c = shown(cellOf(snapshot, d.poles[pole].itemKey, "others"));
            return c ? fmt(c.mean!) : "not shown";
          };
          return (
            <details key={d.key} className="report-fold rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-6">
              <summary className="cursor-pointer">
                <h3 id={`dim-${d.key}`} className="inline font-semibold">
                  {d.number}. {d.title}
                </h3>
                <span className="report-fold-glance block text-sm text-slate-600">
                  Others: as a leader {others("leadership")}, as a manager {others("management")}
                </span>
              </summary>
              <p className="text-sm text-slate-600">{d.summary}</p>
              {agreement ? (
                <p className="mt-1 text-sm text-slate-700">
                  {agreement.label} (n={agreement.n} or more).
                </p>
              ) : null}
              {(["leadership", "management"] as const).map((pole) => (
                <ScoreBars
                  key={pole}
                  snapshot={snapshot}
                  scale={scale}
                  itemKey={d.poles[pole].itemKey}
                  title={`${pole === "leadership" ? "Leadership" : "Management"}: ${d.poles[pole].label}`}
                  text={d.poles[pole].itemText}
                />
              ))}
            </details>
          );
        })}
      </div>
    </section>
  );
}

/**
 * Sixteen of these make up half the report, so their rows carry no utility classes: the table's
 * one class styles them (app/globals.css, "Report score bars"), which keeps the page light. A bar
 * runs from the scale's minimum (not from 0) over a track with a line per point, and the value
 * axis under the last row numbers those points.
 */
function ScoreBars({
  snapshot,
  scale,
  itemKey,
  title,
  text,
}: {
  snapshot: ReportSnapshot;
  scale: ScaleRange;
  itemKey: string;
  title: string;
  text: string;
}) {
  const item = snapshot.items.find((i) => i.key === itemKey)!;
  const span = Math.max(1, scale.max - scale.min);
  const at = (v: number) => `${(Math.max(0, Math.min(span, v - scale.min)) / span) * 100}%`;
  const points = Array.from({ length: span + 1 }, (_, i) => scale.min + i);
  return (
    <table className="score-bars" style={{ "--points": span } as CSSProperties}>
      <caption>
        <strong>{title}</strong>
        <span>&ldquo;{text.charAt(0).toUpperCase() + text.slice(1)}&rdquo;</span>
      </caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {item.cells.map((c) => (
          <tr key={c.group}>
            <th scope="row">{REPORT_GROUP_LABELS[c.group]}</th>
            {c.status === "shown" ? (
              <td>
                <div>
                  <i aria-hidden="true">
                    <b style={{ width: at(c.mean!), background: GROUP_COLOURS[c.group] }} />
                  </i>
                  {fmt(c.mean!)} <small>(n={c.n})</small>
                </div>
              </td>
            ) : (
              <td className="not-shown">{c.reason}</td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot aria-hidden="true">
        <tr>
          <td />
          <td>
            <div>
              <i>
                {points.map((v) => (
                  <span key={v} style={{ left: at(v) }}>
                    {v}
                  </span>
                ))}
              </i>
            </div>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function Gaps({ snapshot, first }: { snapshot: ReportSnapshot; first: string }) {
  const list = (title: string, gaps: ReportSnapshot["gaps"]["blindSpots"], empty: string) => (
    <div>
      <h3 className="font-semibold">{title}</h3>
      {gaps.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm">
          {gaps.map((g) => (
            <li key={g.itemKey}>
              <span className="font-medium">{g.label}</span>: self {fmt(g.self)}, others {fmt(g.others)} (n={g.othersN}), a gap of{" "}
              {fmt(Math.abs(g.gap))}.
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  const rank = (title: string, gaps: ReportSnapshot["highest"]) => (
    <div>
      <h3 className="font-semibold">{title}</h3>
      <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm">
        {gaps.map((g) => (
          <li key={g.itemKey}>
            {g.label}: {fmt(g.others)} (n={g.othersN})
          </li>
        ))}
      </ol>
    </div>
  );
  return (
    <Card aria-labelledby="gaps-heading">
      <h2 id="gaps-heading" className="text-lg font-semibold">
        Gaps between self and others
      </h2>
      <p className="mt-1 text-sm text-slate-600">{snapshot.gaps.rule}</p>
      <div className="mt-4 grid gap-6 md:grid-cols-2">
        {list(
          `Blind spots: ${first} rates higher than others do`,
          snapshot.gaps.blindSpots,
          "None: no self-rating stands well above others'.",
        )}
        {list(
          `Hidden strengths: others see more than ${first} does`,
          snapshot.gaps.hiddenStrengths,
          "None: no area where others rate well above the self-rating.",
        )}
        {snapshot.highest.length ? rank("Rated highest by others", snapshot.highest) : null}
        {snapshot.lowest.length ? rank("Rated lowest by others", snapshot.lowest) : null}
      </div>
    </Card>
  );
}

function CustomItems({ snapshot }: { snapshot: ReportSnapshot }) {
  return (
    <Card aria-labelledby="custom-heading">
      <h2 id="custom-heading" className="text-lg font-semibold">
        Your organisation&apos;s own items
      </h2>
      {snapshot.customItemKeys.map((key) => {
        const item = snapshot.items.find((i) => i.key === key)!;
        return <ScoreBars key={key} snapshot={snapshot} scale={snapshotScale(snapshot)} itemKey={key} title={item.text} text={item.text} />;
      })}
    </Card>
  );
}

function Comments({ snapshot }: { snapshot: ReportSnapshot }) {
  const any = snapshot.comments.some((t) => t.entries.length > 0);
  return (
    <Card aria-labelledby="comments-heading">
      <h2 id="comments-heading" className="text-lg font-semibold">
        In raters&apos; own words
      </h2>
      <p className="mt-1 text-sm text-slate-600">{snapshot.commentsNote}</p>
      {!any ? <p className="mt-3 text-sm text-slate-700">No comments to show.</p> : null}
      <div className="mt-3 space-y-4">
        {snapshot.comments
          .filter((t) => t.entries.length > 0)
          .map((t) => (
            <section key={t.topic} aria-label={t.title}>
              <h3 className="font-semibold">{t.title}</h3>
              <ul className="mt-1 space-y-2">
                {t.entries.map((c, i) => (
                  <li key={i} className="rounded-md bg-slate-50 p-3 text-sm">
                    <p className="whitespace-pre-line">{c.body}</p>
                    <p className="mt-1 text-xs text-slate-600">{c.groupLabel}</p>
                  </li>
                ))}
              </ul>
            </section>
          ))}
      </div>
    </Card>
  );
}

function Growth({ snapshot, own, first }: { snapshot: ReportSnapshot; own: boolean; first: string }) {
  if (snapshot.growth.length === 0) return null;
  // Both poles: the frozen leadership boxes as released, and the management sides rated lowest
  // (lib/report/focus.ts), so growing as a manager is not left without ideas.
  const boxes = growthBoxes(snapshot);
  const all = [...boxes.leadership, ...boxes.management];
  return (
    <Card aria-labelledby="growth-heading">
      <h2 id="growth-heading" className="text-lg font-semibold">
        Growing as a leader
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        The leadership and management sides rated lowest{own ? " for you" : ` for ${first}`}, with practical ideas to try.
      </p>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        {all.map((g) => (
          <section key={`${g.dimensionKey}.${g.pole}`} aria-label={`${g.title}: ${g.poleLabel}`}>
            <h3 className="font-semibold">
              {g.title}: {g.poleLabel.toLowerCase()}
              {g.others !== null ? (
                <span className="font-normal text-slate-600">
                  {" "}
                  (others: {fmt(g.others.mean)}, n={g.others.n})
                </span>
              ) : null}
            </h3>
            <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
              {g.tips.map((tip) => (
                <li key={tip}>{tip}</li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </Card>
  );
}
