/**
 * The report's charts as SVG strings, from plain numbers: pure functions, no pdfkit, no React, so
 * the same drawing can go into the PDF (through svg-to-pdfkit) and, later, into the web page.
 * Units are PDF points. Text is measured by a function the caller passes in (the PDF passes its
 * font's own metrics); `approximateWidth` serves anywhere else.
 *
 * What every chart keeps to: a number is drawn only with its n, a cell that is not shown is drawn
 * as its reason and never as a bar or a mark, and a colour never carries meaning on its own (each
 * group has a label and a marker shape too).
 */

import type { ScaleRange } from "@/lib/framework/scale";

export type { ScaleRange };

/** Width of `text` at `size` points (bold when asked). */
export type Measure = (text: string, size: number, bold?: boolean) => number;

/** Helvetica's average advance is about half an em; good enough where no font is at hand. */
export const approximateWidth: Measure = (text, size, bold) => text.length * size * (bold ? 0.56 : 0.5);

export interface Chart {
  svg: string;
  width: number;
  height: number;
}

export type MarkerKind = "diamond" | "circle" | "square";

const FONT = "Helvetica";
const INK = "#0f172a";
const MUTED = "#475569";
const GRID = "#cbd5e1";
const TRACK = "#e2e8f0";

const fmt = (n: number) => n.toFixed(1);
const round = (n: number) => Math.round(n * 100) / 100;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Greedy word wrap to `maxWidth`; a word longer than a line stays whole on its own line. */
export function wrapText(text: string, maxWidth: number, size: number, measure: Measure, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, size, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

interface TextOptions {
  size: number;
  fill?: string;
  anchor?: "start" | "middle" | "end";
  bold?: boolean;
  italic?: boolean;
}

function text(x: number, y: number, content: string, o: TextOptions): string {
  const attrs = [
    `x="${round(x)}"`,
    `y="${round(y)}"`,
    `font-family="${FONT}"`,
    `font-size="${o.size}"`,
    `fill="${o.fill ?? INK}"`,
    o.anchor && o.anchor !== "start" ? `text-anchor="${o.anchor}"` : "",
    o.bold ? `font-weight="bold"` : "",
    o.italic ? `font-style="italic"` : "",
  ];
  return `<text ${attrs.filter(Boolean).join(" ")}>${escapeXml(content)}</text>`;
}

/** Lines of text from a baseline `y`, `leading` apart. */
function lines(x: number, y: number, content: string[], leading: number, o: TextOptions): string {
  return content.map((l, i) => text(x, y + i * leading, l, o)).join("");
}

/** A group's marker: the same shape in the legend, on the pole map and beside a bar. */
export function marker(kind: MarkerKind, x: number, y: number, size: number, colour: string): string {
  const r = size / 2;
  if (kind === "diamond")
    return `<polygon points="${round(x)},${round(y - r)} ${round(x + r)},${round(y)} ${round(x)},${round(y + r)} ${round(x - r)},${round(y)}" fill="${colour}"/>`;
  if (kind === "circle") return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(r)}" fill="${colour}"/>`;
  const s = r * 0.8;
  return `<rect x="${round(x - s)}" y="${round(y - s)}" width="${round(2 * s)}" height="${round(2 * s)}" fill="white" stroke="${colour}" stroke-width="1.5"/>`;
}

function svg(width: number, height: number, body: string): Chart {
  const w = round(width);
  const h = round(height);
  return {
    svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`,
    width: w,
    height: h,
  };
}

/**
 * The same chart as an image for the web page: role="img" with a title and a description, so a
 * screen reader announces what it is rather than reading out every tick (the numbers are in a
 * table next to it). svg-to-pdfkit draws no title or desc, so the PDF's charts need none.
 */
export function withDescription(chart: Chart, title: string, desc: string): Chart {
  const id = `c${Math.abs(hash(title + desc)).toString(36)}`;
  return {
    ...chart,
    svg: chart.svg
      .replace(/^<svg /, `<svg role="img" aria-labelledby="${id}-t ${id}-d" `)
      .replace(/^(<svg[^>]*>)/, `$1<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(desc)}</desc>`),
  };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

// ---------------------------------------------------------------------------------------------
// Legend

export type LegendSwatch = { kind: "line"; dashed?: boolean; area?: boolean } | { kind: "marker"; marker: MarkerKind };

export interface LegendEntry {
  label: string;
  colour: string;
  swatch: LegendSwatch;
}

/** A legend drawn as shapes (the standard PDF fonts have no ■), wrapping onto more rows if needed. */
export function legendSvg(entries: LegendEntry[], width: number, measure: Measure = approximateWidth, size = 8): Chart {
  const rowHeight = size + 6;
  const swatchWidth = 18;
  let x = 0;
  let row = 0;
  const parts: string[] = [];
  for (const e of entries) {
    const w = swatchWidth + 4 + measure(e.label, size) + 14;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    const cy = row * rowHeight + rowHeight / 2;
    if (e.swatch.kind === "line") {
      if (e.swatch.area)
        parts.push(`<rect x="${x}" y="${round(cy - 4)}" width="${swatchWidth}" height="8" fill="${e.colour}" fill-opacity="0.25"/>`);
      parts.push(
        `<line x1="${x}" y1="${round(cy)}" x2="${x + swatchWidth}" y2="${round(cy)}" stroke="${e.colour}" stroke-width="2"${
          e.swatch.dashed ? ` stroke-dasharray="4 2"` : ""
        }/>`,
      );
    } else parts.push(marker(e.swatch.marker, x + swatchWidth / 2, cy, 8, e.colour));
    parts.push(text(x + swatchWidth + 4, cy + size * 0.35, e.label, { size }));
    x += w;
  }
  return svg(width, (row + 1) * rowHeight, parts.join(""));
}

// ---------------------------------------------------------------------------------------------
// Radar

export interface RadarSeries {
  name: string;
  colour: string;
  /** Drawn as a dashed outline over a faint fill (self); otherwise a filled shape (others). */
  dashed?: boolean;
  /** One value per axis; null where the report shows no number. */
  values: (number | null)[];
}

export interface RadarOptions {
  axes: string[];
  series: RadarSeries[];
  scale: ScaleRange;
  /** The chart's width, labels included; its height follows from the labels. */
  width: number;
  /** Room kept for axis labels on the left and right. */
  labelWidth?: number;
  fontSize?: number;
  measure?: Measure;
}

/**
 * One pole over the eight differences. The radial axis runs over the scale (its minimum at the
 * centre), with a ring per scale point. Where a series has no number on an axis, its outline is
 * broken there rather than drawn through a made-up value.
 */
export function radarSvg(o: RadarOptions): Chart {
  const measure = o.measure ?? approximateWidth;
  const fontSize = o.fontSize ?? 7.5;
  const labelWidth = o.labelWidth ?? 66;
  const leading = fontSize + 1.5;
  const labelLines = o.axes.map((a) => wrapText(a, labelWidth, fontSize, measure));
  const tallest = Math.max(...labelLines.map((l) => l.length)) * leading;
  const r = o.width / 2 - labelWidth - 8;
  const cx = o.width / 2;
  const cy = tallest + 8 + r;
  const height = 2 * (tallest + 8 + r);
  const n = o.axes.length;
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const span = o.scale.max - o.scale.min;
  const at = (i: number, v: number, a = angle(i)) => {
    const d = (r * (v - o.scale.min)) / span;
    return [cx + d * Math.cos(a), cy + d * Math.sin(a)] as const;
  };
  const parts: string[] = [];
  // Rings, one per point of the scale, and spokes.
  for (let v = o.scale.min + 1; v <= o.scale.max; v++) {
    const pts = o.axes.map((_, i) => at(i, v).map(round).join(",")).join(" ");
    parts.push(`<polygon points="${pts}" fill="none" stroke="${GRID}" stroke-width="0.6"/>`);
  }
  o.axes.forEach((_, i) => {
    const [x, y] = at(i, o.scale.max);
    parts.push(`<line x1="${cx}" y1="${round(cy)}" x2="${round(x)}" y2="${round(y)}" stroke="${GRID}" stroke-width="0.6"/>`);
  });
  // The rings' values, between the first two spokes where no axis label is.
  for (let v = o.scale.min + 1; v <= o.scale.max; v++) {
    const [x, y] = at(0, v, angle(0) + Math.PI / n);
    // 6 pt in the PDF (at its 7.5 pt labels); larger where the labels are (the web page).
    parts.push(text(x, y + 2, String(v), { size: Math.max(6, fontSize * 0.8), fill: MUTED, anchor: "middle" }));
  }
  // Series: a closed shape where every axis has a value, otherwise the runs between gaps.
  for (const s of o.series) {
    const points = s.values.map((v, i) => (v === null ? null : at(i, v)));
    const complete = points.every((p) => p !== null);
    const stroke = `stroke="${s.colour}" stroke-width="1.8"${s.dashed ? ` stroke-dasharray="5 3"` : ""}`;
    if (complete) {
      const pts = points.map((p) => p!.map(round).join(",")).join(" ");
      parts.push(`<polygon points="${pts}" fill="${s.colour}" fill-opacity="${s.dashed ? 0.06 : 0.22}" ${stroke}/>`);
    } else {
      for (let i = 0; i < n; i++) {
        const a = points[i];
        const b = points[(i + 1) % n];
        if (a && b) parts.push(`<line x1="${round(a[0])}" y1="${round(a[1])}" x2="${round(b[0])}" y2="${round(b[1])}" ${stroke}/>`);
      }
    }
    for (const p of points) if (p) parts.push(`<circle cx="${round(p[0])}" cy="${round(p[1])}" r="1.8" fill="${s.colour}"/>`);
  }
  // Axis labels outside the outer ring, anchored away from the centre.
  labelLines.forEach((label, i) => {
    const a = angle(i);
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    const x = cx + (r + 6) * cos;
    const y = cy + (r + 6) * sin;
    const anchor = Math.abs(cos) < 0.2 ? "middle" : cos > 0 ? "start" : "end";
    const block = label.length * leading;
    const top = Math.abs(sin) < 0.2 ? y - block / 2 : sin > 0 ? y + 1 : y - block - 1;
    parts.push(lines(x, top + fontSize, label, leading, { size: fontSize, anchor, fill: "#334155" }));
  });
  return svg(o.width, height, parts.join(""));
}

// ---------------------------------------------------------------------------------------------
// Pole map: where each group places the person between the two poles, difference by difference

export interface PoleMapMark {
  label: string;
  colour: string;
  marker: MarkerKind;
  /** Leadership score minus management score, from shown cells only. */
  balance: number;
}

export interface PoleMapRow {
  title: string;
  managementLabel: string;
  leadershipLabel: string;
  marks: PoleMapMark[];
  /** Said instead of marks when no group has numbers on both poles. */
  empty: string;
}

export interface PoleMapOptions {
  rows: PoleMapRow[];
  /** How far a balance can go either way: the scale's max minus its min. */
  span: number;
  width: number;
  measure?: Measure;
}

/**
 * Each difference is a line from the management pole (left) to the leadership pole (right), with
 * a mark per group. Groups sit in lanes a few points apart, so equal balances never hide each
 * other, and the figures are written under the line.
 */
export function poleMapSvg(o: PoleMapOptions): Chart {
  const measure = o.measure ?? approximateWidth;
  const side = 118;
  const x0 = side + 8;
  const x1 = o.width - side - 8;
  const mid = (x0 + x1) / 2;
  const parts: string[] = [];
  // The axis once, above the rows.
  const ticks: string[] = [];
  for (let b = -o.span; b <= o.span; b++) {
    const x = mid + (b / o.span) * (mid - x0);
    ticks.push(text(x, 8, b > 0 ? `+${b}` : String(b), { size: 6.5, fill: MUTED, anchor: "middle" }));
  }
  parts.push(text(x0 - 8, 8, "more manager", { size: 7, fill: MUTED, anchor: "end" }));
  parts.push(text(x1 + 8, 8, "more leader", { size: 7, fill: MUTED }));
  parts.push(...ticks);
  let y = 16;
  for (const row of o.rows) {
    const lanes = Math.max(1, row.marks.length);
    const laneGap = 5;
    const trackHeight = Math.max(14, lanes * laneGap + 6);
    parts.push(text(0, y + 9, row.title, { size: 8.5, bold: true }));
    const top = y + 13;
    const cy = top + trackHeight / 2;
    const left = wrapText(row.managementLabel, side, 7.5, measure);
    const right = wrapText(row.leadershipLabel, side, 7.5, measure);
    parts.push(lines(x0 - 8, cy + 2.5 - ((left.length - 1) * 9) / 2, left, 9, { size: 7.5, anchor: "end", fill: "#334155" }));
    parts.push(lines(x1 + 8, cy + 2.5 - ((right.length - 1) * 9) / 2, right, 9, { size: 7.5, fill: "#334155" }));
    parts.push(`<rect x="${x0}" y="${round(top)}" width="${round(x1 - x0)}" height="${round(trackHeight)}" fill="#f8fafc"/>`);
    parts.push(`<line x1="${x0}" y1="${round(cy)}" x2="${x1}" y2="${round(cy)}" stroke="#94a3b8" stroke-width="1"/>`);
    for (let b = -o.span; b <= o.span; b++) {
      const x = mid + (b / o.span) * (mid - x0);
      parts.push(
        `<line x1="${round(x)}" y1="${round(top)}" x2="${round(x)}" y2="${round(top + trackHeight)}" stroke="${b === 0 ? "#64748b" : GRID}" stroke-width="${b === 0 ? 1 : 0.5}"/>`,
      );
    }
    row.marks.forEach((m, i) => {
      const x = mid + (Math.max(-o.span, Math.min(o.span, m.balance)) / o.span) * (mid - x0);
      const my = cy + (i - (row.marks.length - 1) / 2) * laneGap;
      parts.push(marker(m.marker, x, my, 6, m.colour));
    });
    const caption =
      row.marks.length === 0 ? row.empty : row.marks.map((m) => `${m.label}: ${m.balance > 0 ? "+" : ""}${fmt(m.balance)}`).join(" · ");
    const captionLines = wrapText(caption, x1 - x0, 7, measure);
    parts.push(lines(x0, top + trackHeight + 9, captionLines, 8.5, { size: 7, fill: MUTED, italic: row.marks.length === 0 }));
    y = top + trackHeight + 9 + (captionLines.length - 1) * 8.5 + 8;
  }
  return svg(o.width, y, parts.join(""));
}

// ---------------------------------------------------------------------------------------------
// Bars: one item, one bar per group

export type BarValue = { mean: number; n: number } | { reason: string };

export interface BarRow {
  label: string;
  colour: string;
  marker: MarkerKind;
  value: BarValue;
}

export interface BarsOptions {
  rows: BarRow[];
  scale: ScaleRange;
  width: number;
  /** Draw the scale's numbers under the last row. */
  axis?: boolean;
  measure?: Measure;
}

/**
 * Per-group bars on the scale (the track runs from its min to its max, a gridline per point), each
 * with its mean and n. A cell the report does not show gets its reason, in words, in place of a bar.
 */
export function barsSvg(o: BarsOptions): Chart {
  const measure = o.measure ?? approximateWidth;
  const labelWidth = 118;
  const valueWidth = 70;
  const x0 = labelWidth;
  const x1 = o.width - valueWidth;
  const span = o.scale.max - o.scale.min;
  const xOf = (v: number) => x0 + ((v - o.scale.min) / span) * (x1 - x0);
  const parts: string[] = [];
  const rowHeight = 12;
  let y = 0;
  for (const row of o.rows) {
    parts.push(marker(row.marker, 4, y + rowHeight / 2, 6, row.colour));
    parts.push(text(11, y + rowHeight / 2 + 2.6, row.label, { size: 7.5 }));
    if ("mean" in row.value) {
      parts.push(`<rect x="${x0}" y="${round(y + 2.5)}" width="${round(x1 - x0)}" height="7" fill="${TRACK}"/>`);
      const w = Math.max(1.5, xOf(row.value.mean) - x0);
      parts.push(`<rect x="${x0}" y="${round(y + 2.5)}" width="${round(w)}" height="7" fill="${row.colour}"/>`);
      // A thin white gridline per scale point across the track, so the bar reads against the axis.
      for (let v = o.scale.min + 1; v < o.scale.max; v++)
        parts.push(
          `<line x1="${round(xOf(v))}" y1="${round(y + 2.5)}" x2="${round(xOf(v))}" y2="${round(y + 9.5)}" stroke="white" stroke-width="0.7"/>`,
        );
      parts.push(text(x1 + 6, y + rowHeight / 2 + 2.6, `${fmt(row.value.mean)}  (n=${row.value.n})`, { size: 7.5 }));
      y += rowHeight;
    } else {
      const reason = wrapText(row.value.reason, o.width - x0, 7, measure);
      parts.push(lines(x0, y + rowHeight / 2 + 2.5, reason, 8.5, { size: 7, fill: MUTED, italic: true }));
      y += Math.max(rowHeight, reason.length * 8.5 + 3.5);
    }
  }
  if (o.axis !== false) {
    parts.push(`<line x1="${x0}" y1="${round(y + 1)}" x2="${x1}" y2="${round(y + 1)}" stroke="#94a3b8" stroke-width="0.6"/>`);
    for (let v = o.scale.min; v <= o.scale.max; v++) {
      parts.push(
        `<line x1="${round(xOf(v))}" y1="${round(y + 1)}" x2="${round(xOf(v))}" y2="${round(y + 3.5)}" stroke="#94a3b8" stroke-width="0.6"/>`,
      );
      parts.push(text(xOf(v), y + 10.5, String(v), { size: 6.5, fill: MUTED, anchor: "middle" }));
    }
    y += 13;
  }
  return svg(o.width, y, parts.join(""));
}

// ---------------------------------------------------------------------------------------------
// Change: a follow-up pulse's answer per group, as a bar from "about the same"

export interface ChangeOptions {
  /** One row per group; a group without a shown change gets its reason in words, never a bar. */
  rows: BarRow[];
  /** The change scale: its middle point means "about the same". */
  scale: ScaleRange;
  /** The words at the two ends of the track ("less often", "more often"). */
  ends: { low: string; high: string };
  width: number;
  /** Text size of the labels (the rest scales with it); 7.5 suits the PDF. */
  fontSize?: number;
  measure?: Measure;
}

/**
 * A diverging bar per group on the pulse's change scale: it starts at the middle point ("about the
 * same") and runs left for less, right for more, with the mean and its n beside it. Each group's
 * label sits on its own line above its bar, so the track keeps the width of a phone's column.
 * Drawn only for groups whose change the pulse shows (lib/report/pulse.ts decides that); the rest
 * say why, in words.
 */
export function changeSvg(o: ChangeOptions): Chart {
  const measure = o.measure ?? approximateWidth;
  const size = o.fontSize ?? 7.5;
  const k = size / 7.5;
  const valueWidth = measure("0.0  (n=00)", size) + 6 * k;
  const x0 = 2 * k;
  const x1 = o.width - valueWidth;
  const mid = (o.scale.min + o.scale.max) / 2;
  const xOf = (v: number) => x0 + ((v - o.scale.min) / (o.scale.max - o.scale.min)) * (x1 - x0);
  const parts: string[] = [];
  let y = 0;
  for (const row of o.rows) {
    // The label line: the group's marker and name.
    parts.push(marker(row.marker, x0 + 3 * k, y + 5 * k, 6 * k, row.colour));
    parts.push(text(x0 + 9 * k, y + 7.6 * k, row.label, { size }));
    y += 11 * k;
    if ("mean" in row.value) {
      parts.push(`<rect x="${round(x0)}" y="${round(y)}" width="${round(x1 - x0)}" height="${round(8 * k)}" fill="${TRACK}"/>`);
      const from = xOf(Math.min(mid, row.value.mean));
      const to = xOf(Math.max(mid, row.value.mean));
      parts.push(
        `<rect x="${round(from)}" y="${round(y)}" width="${round(Math.max(1.5 * k, to - from))}" height="${round(8 * k)}" fill="${row.colour}"/>`,
      );
      parts.push(
        `<line x1="${round(xOf(mid))}" y1="${round(y - 2 * k)}" x2="${round(xOf(mid))}" y2="${round(y + 10 * k)}" stroke="${INK}" stroke-width="${round(0.8 * k)}"/>`,
      );
      parts.push(text(x1 + 6 * k, y + 7 * k, `${fmt(row.value.mean)}  (n=${row.value.n})`, { size }));
      y += 14 * k;
    } else {
      const reason = wrapText(row.value.reason, o.width - x0, size * 0.93, measure);
      parts.push(lines(x0, y + 7 * k, reason, 8.5 * k, { size: size * 0.93, fill: MUTED, italic: true }));
      y += reason.length * 8.5 * k + 5 * k;
    }
  }
  // The axis: the scale's points, with words under both ends and the middle.
  const small = size * 0.87;
  parts.push(`<line x1="${round(x0)}" y1="${round(y + 1)}" x2="${round(x1)}" y2="${round(y + 1)}" stroke="${GRID}" stroke-width="0.6"/>`);
  for (let v = o.scale.min; v <= o.scale.max; v++) {
    parts.push(
      `<line x1="${round(xOf(v))}" y1="${round(y + 1)}" x2="${round(xOf(v))}" y2="${round(y + 1 + 2.5 * k)}" stroke="${GRID}" stroke-width="0.6"/>`,
    );
    parts.push(text(xOf(v), y + 10.5 * k, String(v), { size: small, fill: MUTED, anchor: "middle" }));
  }
  parts.push(text(x0, y + 19 * k, o.ends.low, { size: small, fill: MUTED }));
  parts.push(text(xOf(mid), y + 19 * k, "about the same", { size: small, fill: MUTED, anchor: "middle" }));
  parts.push(text(x1, y + 19 * k, o.ends.high, { size: small, fill: MUTED, anchor: "end" }));
  return svg(o.width, y + 22 * k, parts.join(""));
}
