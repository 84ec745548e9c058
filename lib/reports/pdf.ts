import PDFDocument from "pdfkit";
import type { Cell, ReportGroup, ReportSnapshot } from "@/lib/report/types";
import { growthBoxes } from "@/lib/report/focus";
import { formatDate } from "@/lib/format";
import { barsSvg, legendSvg, poleMapSvg, radarSvg, type BarRow, type Chart } from "./charts-svg";
import { BOLD, BOTTOM, INK, LEFT, MUTED, TOP, Writer } from "./pdf-writer";
import { DISPLAY_ORDER, groupColour, groupLabel, markerOf, scaleOf, scaleWords } from "./report-style";

/**
 * The report as a PDF, rendered on the server from the snapshot alone: the web report's sections in
 * its order, with the same charts (drawn as SVG by charts-svg.ts), every number with its n and
 * every hidden number with its reason. This is the copy people send to a coach, so it also
 * carries who and which cycle it is about, and "Page x of y", on every page.
 */

export async function reportToPdf(snapshot: ReportSnapshot, releasedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: TOP, bottom: BOTTOM, left: LEFT, right: LEFT },
    bufferPages: true,
    info: { Title: `360 report: ${snapshot.subjectName}`, Author: "Twofold", Subject: snapshot.cycleName },
    lang: "en-GB",
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  const pdf = new Writer(doc);
  const first = snapshot.subjectName.split(" ")[0] ?? snapshot.subjectName;

  doc
    .font(BOLD)
    .fontSize(20)
    .fillColor(INK)
    .text(`360 report: ${snapshot.subjectName}`, LEFT, TOP - 14);
  pdf.text(
    `${snapshot.cycleName} · released ${formatDate(releasedAt)} · anonymous groups shown with at least ${snapshot.threshold} raters`,
    { size: 10, colour: MUTED },
  );

  summarySection(pdf, snapshot);
  whoAnswered(pdf, snapshot);
  radars(pdf, snapshot);
  poleMap(pdf, snapshot, first);
  differences(pdf, snapshot);
  gapsSection(pdf, snapshot, first);
  if (snapshot.customItemKeys.length) customItems(pdf, snapshot);
  comments(pdf, snapshot);
  growth(pdf, snapshot, first);

  pdf.pageFurniture(snapshot, releasedAt);
  doc.end();
  return done;
}

// ---------------------------------------------------------------------------------------------
// Sections, in the web report's order (app/_components/report/report-view.tsx)

function summarySection(pdf: Writer, s: ReportSnapshot) {
  pdf.heading("In short");
  pdf.bullets(s.summary);
}

function whoAnswered(pdf: Writer, s: ReportSnapshot) {
  pdf.heading("Who answered, and how it is shown", 60);
  pdf.text(
    `Anonymous groups appear only where at least ${s.threshold} raters gave a score. Nobody, including HR, can see an individual's answers.`,
    { size: 9, colour: MUTED },
  );
  pdf.gap(4);
  const cols = [150, 62, pdf.width - 212];
  pdf.row(["Group", "Responses", "How it is shown"], cols, { bold: true, align: ["left", "right", "left"] });
  for (const g of s.groups)
    pdf.row([g.label, String(g.responses), g.note], cols, { marker: g.group, align: ["left", "right", "left"], rule: true });

  // Where blocks are left out, the PDF says so once per group, with the report's own reason.
  const withheld = withheldNotes(s);
  if (withheld.length > 0) {
    pdf.gap(8);
    pdf.subheading("Not shown in this report, and why", 30);
    for (const w of withheld) {
      pdf.keep(24);
      pdf.text(`${w.label}: ${w.items} of ${w.total} ${w.total === 1 ? "item" : "items"}`, { size: 9, bold: true });
      for (const reason of w.reasons) pdf.text(reason, { size: 8.5, colour: MUTED, indent: 10 });
      pdf.gap(3);
    }
  }
}

/** Groups with cells the report does not show, with the distinct reasons it gives. */
export function withheldNotes(s: ReportSnapshot): { group: ReportGroup; label: string; items: number; total: number; reasons: string[] }[] {
  return DISPLAY_ORDER.flatMap((group) => {
    const cells = s.items.flatMap((i) => i.cells.filter((c) => c.group === group));
    const hidden = cells.filter((c) => c.status !== "shown");
    if (hidden.length === 0) return [];
    const reasons = [...new Set(hidden.map((c) => c.reason ?? "Not shown."))];
    return [{ group, label: groupLabel(group), items: hidden.length, total: cells.length, reasons }];
  });
}

function radars(pdf: Writer, s: ReportSnapshot) {
  const scale = scaleOf(s);
  const words = scaleWords(s);
  const size = 300;
  const legend = legendSvg(
    [
      { label: "Self (dashed line)", colour: groupColour("self"), swatch: { kind: "line", dashed: true } },
      { label: "All raters except self (filled shape)", colour: groupColour("others"), swatch: { kind: "line", area: true } },
    ],
    pdf.width,
    pdf.measure,
  );
  const charts = (["leadership", "management"] as const).map((pole) => ({
    pole,
    chart: radarSvg({
      axes: s.dimensions.map((d) => `${d.number}. ${d.poles[pole].label}`),
      series: [
        {
          name: groupLabel("others"),
          colour: groupColour("others"),
          values: s.dimensions.map((d) => meanOf(cellOf(s, d.poles[pole].itemKey, "others"))),
        },
        {
          name: groupLabel("self"),
          colour: groupColour("self"),
          dashed: true,
          values: s.dimensions.map((d) => meanOf(cellOf(s, d.poles[pole].itemKey, "self"))),
        },
      ],
      scale,
      width: size,
      labelWidth: 64,
      measure: pdf.measure,
    }),
  }));
  // The heading, its two lines of text, the legend and the first chart with its title stay together.
  pdf.heading("Self and others across the eight differences", 24 + legend.height + 4 + 16 + charts[0]!.chart.height);
  pdf.text(
    `Scores from ${scale.min} (${words.min}) to ${scale.max} (${words.max}), with ${scale.min} at the centre. The numbers, each with its n, are beside each chart.`,
    { size: 9, colour: MUTED },
  );
  pdf.gap(4);
  pdf.chart(legend);
  pdf.gap(6);
  for (const { pole, chart } of charts) {
    pdf.keep(chart.height + 18);
    pdf.subheading(pole === "leadership" ? "As a leader" : "As a manager");
    const chartTop = pdf.y;
    pdf.chart(chart);
    const after = pdf.y;
    // The same numbers as a table to the right of the chart.
    pdf.y = chartTop + Math.max(0, (chart.height - 190) / 2);
    const x = LEFT + size + 10;
    const cols = [pdf.width - size - 10 - 96, 48, 48];
    pdf.row(["Difference", "Self", "Others"], cols, { bold: true, x, size: 7.5, align: ["left", "right", "right"] });
    for (const d of s.dimensions) {
      const cells = (["self", "others"] as const).map((g) => cellText(cellOf(s, d.poles[pole].itemKey, g)));
      pdf.row([`${d.number}. ${d.poles[pole].label}`, ...cells], cols, { x, size: 7.5, align: ["left", "right", "right"], rule: true });
    }
    pdf.y = Math.max(after, pdf.y) + 6;
  }
}

function poleMap(pdf: Writer, s: ReportSnapshot, first: string) {
  const scale = scaleOf(s);
  const groups = DISPLAY_ORDER.filter((g) => s.dimensions.some((d) => balance(s, d, g) !== null));
  const legend = legendSvg(
    groups.map((g) => ({ label: groupLabel(g), colour: groupColour(g), swatch: { kind: "marker", marker: markerOf(g) } })),
    pdf.width,
    pdf.measure,
  );
  const rows = s.dimensions.map((d) => ({
    title: `${d.number}. ${d.title}`,
    managementLabel: d.poles.management.label,
    leadershipLabel: d.poles.leadership.label,
    marks: groups.flatMap((g) => {
      const b = balance(s, d, g);
      return b === null ? [] : [{ label: groupLabel(g), colour: groupColour(g), marker: markerOf(g), balance: b }];
    }),
    empty: "Not enough answers on both poles to place this difference.",
  }));
  const map = (from: number, to: number) =>
    poleMapSvg({ rows: rows.slice(from, to), span: scale.max - scale.min, width: pdf.width, measure: pdf.measure });
  pdf.heading(`Leader or manager? Where ${first} stands on each difference`, 40 + legend.height + map(0, 3).height);
  pdf.text(
    "Each line runs from the management pole (left) to the leadership pole (right). A mark right of the middle means the leadership side was rated higher than the management side; both matter. Each mark is one group's leadership score minus its management score.",
    { size: 9, colour: MUTED },
  );
  pdf.gap(4);
  pdf.chart(legend);
  pdf.gap(4);
  // As many differences as fit on this page, the rest on the next, each part with its own axis.
  for (let from = 0; from < rows.length;) {
    pdf.keep(map(from, from + 1).height);
    let to = from + 1;
    while (to < rows.length && pdf.fits(map(from, to + 1).height)) to++;
    pdf.chart(map(from, to));
    from = to;
  }
}

function differences(pdf: Writer, s: ReportSnapshot) {
  const scale = scaleOf(s);
  const blocks = s.dimensions.map((d) => {
    const agreement = s.agreement.find((a) => a.dimensionKey === d.key);
    const poles = (["leadership", "management"] as const).map((pole) => ({
      title: `${pole === "leadership" ? "Leadership" : "Management"}: ${d.poles[pole].label}`,
      text: d.poles[pole].itemText,
      chart: itemBars(pdf, s, d.poles[pole].itemKey, scale),
    }));
    return { d, agreement, poles };
  });
  // With the heading stay its line of text and the first difference's title, summary and chart.
  const firstHeight = blocks[0] ? 16 + 8 + 50 + blocks[0].poles[0]!.chart.height : 0;
  pdf.heading("Difference by difference, per group", firstHeight);
  pdf.text(`Each bar runs over the scale, ${scale.min} to ${scale.max}; the mean and its n are beside it.`, { size: 9, colour: MUTED });
  for (const { d, agreement, poles } of blocks) {
    // The difference's title, summary and first chart stay together; the second pole may follow
    // on the next page, with its own title.
    pdf.keep(50 + poles[0]!.chart.height);
    pdf.gap(8);
    pdf.subheading(`${d.number}. ${d.title}`);
    pdf.text(d.summary, { size: 8.5, colour: MUTED });
    if (agreement) pdf.text(`${agreement.label} (n=${agreement.n} or more).`, { size: 8.5, colour: "#334155" });
    for (const p of poles) {
      pdf.keep(26 + p.chart.height);
      pdf.gap(4);
      pdf.text(p.title, { size: 9, bold: true });
      pdf.text(`“${capitalise(p.text)}”`, { size: 8.5, colour: MUTED, italic: true });
      pdf.gap(2);
      pdf.chart(p.chart);
    }
  }
}

function itemBars(pdf: Writer, s: ReportSnapshot, itemKey: string, scale: { min: number; max: number }): Chart {
  const item = s.items.find((i) => i.key === itemKey)!;
  const rows: BarRow[] = item.cells.map((c) => ({
    label: groupLabel(c.group),
    colour: groupColour(c.group),
    marker: markerOf(c.group),
    value: c.status === "shown" ? { mean: c.mean!, n: c.n! } : { reason: c.reason ?? "Not shown." },
  }));
  return barsSvg({ rows, scale, width: pdf.width, measure: pdf.measure });
}

function gapsSection(pdf: Writer, s: ReportSnapshot, first: string) {
  pdf.heading("Gaps between self and others", 80);
  pdf.text(s.gaps.rule, { size: 9, colour: MUTED });
  const list = (title: string, gaps: ReportSnapshot["gaps"]["blindSpots"], empty: string) => {
    pdf.gap(6);
    pdf.subheading(title, 14);
    if (gaps.length === 0) pdf.text(empty, { size: 9, colour: MUTED });
    pdf.bullets(
      gaps.map(
        (g) =>
          `${g.label}: self ${fmt(g.self)} (n=${cellOf(s, g.itemKey, "self")?.n ?? 1}), others ${fmt(g.others)} (n=${g.othersN}), a gap of ${fmt(Math.abs(g.gap))}.`,
      ),
    );
  };
  const rank = (title: string, gaps: ReportSnapshot["highest"]) => {
    pdf.gap(6);
    pdf.subheading(title, 14);
    pdf.numbered(gaps.map((g) => `${g.label}: ${fmt(g.others)} (n=${g.othersN})`));
  };
  list(`Blind spots: ${first} rates higher than others do`, s.gaps.blindSpots, "None: no self-rating stands well above others'.");
  list(
    `Hidden strengths: others see more than ${first} does`,
    s.gaps.hiddenStrengths,
    "None: no area where others rate well above the self-rating.",
  );
  if (s.highest.length) rank("Rated highest by others", s.highest);
  if (s.lowest.length) rank("Rated lowest by others", s.lowest);
}

function customItems(pdf: Writer, s: ReportSnapshot) {
  const scale = scaleOf(s);
  const charts = s.customItemKeys.map((key) => ({ key, chart: itemBars(pdf, s, key, scale) }));
  pdf.heading("Your organisation's own items", 20 + (charts[0]?.chart.height ?? 0));
  for (const { key, chart } of charts) {
    const item = s.items.find((i) => i.key === key)!;
    pdf.keep(16 + chart.height);
    pdf.gap(4);
    pdf.text(item.text, { size: 9, bold: true });
    pdf.gap(2);
    pdf.chart(chart);
  }
}

function comments(pdf: Writer, s: ReportSnapshot) {
  pdf.heading("In raters' own words", 50);
  pdf.text(s.commentsNote, { size: 9, colour: MUTED });
  const topics = s.comments.filter((t) => t.entries.length > 0);
  if (topics.length === 0) {
    pdf.gap(4);
    pdf.text("No comments to show.", { size: 9 });
  }
  for (const t of topics) {
    pdf.gap(6);
    pdf.subheading(t.title, 30);
    for (const c of t.entries) pdf.quote(c.body, c.groupLabel);
  }
}

function growth(pdf: Writer, s: ReportSnapshot, first: string) {
  if (s.growth.length === 0) return;
  pdf.heading("Growing as a leader", 70);
  pdf.text(`The leadership and management sides rated lowest for ${first}, with practical ideas to try.`, { size: 9, colour: MUTED });
  const boxes = growthBoxes(s);
  for (const g of [...boxes.leadership, ...boxes.management]) {
    const others = g.others !== null ? ` (others: ${fmt(g.others.mean)}, n=${g.others.n})` : "";
    pdf.gap(6);
    pdf.subheading(`${g.title}: ${g.poleLabel.toLowerCase()}${others}`, 30);
    pdf.bullets([...g.tips]);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers over the snapshot

const fmt = (n: number) => n.toFixed(1);
const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function cellOf(s: ReportSnapshot, itemKey: string, group: ReportGroup): Cell | undefined {
  return s.items.find((i) => i.key === itemKey)?.cells.find((c) => c.group === group);
}

function meanOf(c: Cell | undefined): number | null {
  return c?.status === "shown" ? c.mean! : null;
}

function cellText(c: Cell | undefined): string {
  return c?.status === "shown" ? `${fmt(c.mean!)} (n=${c.n})` : "not shown";
}

function balance(s: ReportSnapshot, d: ReportSnapshot["dimensions"][number], g: ReportGroup): number | null {
  const l = meanOf(cellOf(s, d.poles.leadership.itemKey, g));
  const m = meanOf(cellOf(s, d.poles.management.itemKey, g));
  return l !== null && m !== null ? Math.round((l - m) * 100) / 100 : null;
}
