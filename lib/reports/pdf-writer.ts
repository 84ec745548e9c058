import SVGtoPDF from "svg-to-pdfkit";
import { formatDate } from "@/lib/format";
import type { ReportGroup, ReportSnapshot } from "@/lib/report/types";
import { marker, type Chart, type Measure } from "./charts-svg";
import { groupColour, markerOf } from "./report-style";

/**
 * The PDF's layout over pdfkit: text, rows and SVG charts that start a new page rather than split
 * (or keep a heading with what follows it), and the header and footer drawn once the page count is
 * known.
 */

export const REGULAR = "Helvetica";
export const BOLD = "Helvetica-Bold";
export const ITALIC = "Helvetica-Oblique";
export const INK = "#0f172a";
export const MUTED = "#475569";
export const RULE = "#e2e8f0";

export const LEFT = 48;
export const TOP = 62;
export const BOTTOM = 56;

type Doc = PDFKit.PDFDocument;

interface TextStyle {
  size?: number;
  colour?: string;
  bold?: boolean;
  italic?: boolean;
  indent?: number;
}

export class Writer {
  readonly width: number;
  readonly measure: Measure;

  constructor(readonly doc: Doc) {
    this.width = doc.page.width - LEFT * 2;
    this.measure = (text, size, bold) => {
      doc.font(bold ? BOLD : REGULAR).fontSize(size);
      return doc.widthOfString(text);
    };
  }

  get y() {
    return this.doc.y;
  }
  set y(v: number) {
    this.doc.y = v;
  }

  private get bottom() {
    return this.doc.page.height - BOTTOM;
  }

  fits(height: number) {
    return this.doc.y + height <= this.bottom;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  keep(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
    this.doc.x = LEFT;
  }

  gap(points: number) {
    this.doc.y += points;
  }

  /** A section heading, kept on the page with the first `keepWith` points of what follows. */
  heading(text: string, keepWith = 40) {
    this.keep(34 + keepWith);
    this.gap(14);
    this.doc.font(BOLD).fontSize(14).fillColor(INK).text(text, LEFT, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc
      .moveTo(LEFT, y)
      .lineTo(LEFT + this.width, y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    this.doc.y = y + 6;
  }

  subheading(text: string, keepWith = 0) {
    this.keep(16 + keepWith);
    this.doc.font(BOLD).fontSize(10.5).fillColor(INK).text(text, LEFT, this.doc.y, { width: this.width });
    this.gap(2);
  }

  text(text: string, style: TextStyle = {}) {
    const font = style.bold ? BOLD : style.italic ? ITALIC : REGULAR;
    const indent = style.indent ?? 0;
    this.doc
      .font(font)
      .fontSize(style.size ?? 10)
      .fillColor(style.colour ?? INK)
      .text(text, LEFT + indent, this.doc.y, { width: this.width - indent });
  }

  /** Bullets drawn as shapes (a filled circle), not as a glyph. */
  bullets(items: string[], size = 9.5) {
    for (const item of items) {
      this.doc.font(REGULAR).fontSize(size);
      this.keep(this.doc.heightOfString(item, { width: this.width - 12 }) + 2);
      const y = this.doc.y;
      this.doc.circle(LEFT + 3, y + size * 0.45, 1.6).fill(INK);
      this.doc.fillColor(INK).text(item, LEFT + 12, y, { width: this.width - 12 });
      this.gap(2);
    }
  }

  numbered(items: string[], size = 9.5) {
    items.forEach((item, i) => {
      this.doc.font(REGULAR).fontSize(size);
      this.keep(this.doc.heightOfString(item, { width: this.width - 16 }) + 2);
      const y = this.doc.y;
      this.doc.fillColor(INK).text(`${i + 1}.`, LEFT, y, { width: 14 });
      this.doc.text(item, LEFT + 16, y, { width: this.width - 16 });
      this.gap(2);
    });
  }

  /** A comment, word for word, with a rule on its left and the group under it. */
  quote(body: string, group: string) {
    const width = this.width - 12;
    this.doc.font(REGULAR).fontSize(9.5);
    const height = this.doc.heightOfString(body, { width }) + 14;
    this.keep(Math.min(height, 120));
    const top = this.doc.y + 2;
    this.doc.fillColor(INK).text(body, LEFT + 12, top, { width });
    this.doc
      .font(REGULAR)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(group, LEFT + 12, this.doc.y + 1, { width });
    // A quote that ran onto the next page gets its rule there only.
    const start = this.doc.y < top ? TOP : top;
    this.doc
      .moveTo(LEFT + 3, start)
      .lineTo(LEFT + 3, this.doc.y)
      .lineWidth(2)
      .strokeColor(RULE)
      .stroke();
    this.gap(6);
  }

  /** One table row: cells wrap inside their column, the tallest sets the row's height. */
  row(
    cells: string[],
    widths: number[],
    o: { bold?: boolean; marker?: ReportGroup; align?: ("left" | "right")[]; rule?: boolean; x?: number; size?: number } = {},
  ) {
    const size = o.size ?? 9;
    const x0 = o.x ?? LEFT;
    const pad = 4;
    const inset = (i: number) => (i === 0 && o.marker ? 12 : 0);
    this.doc.font(o.bold ? BOLD : REGULAR).fontSize(size);
    const height = Math.max(...cells.map((c, i) => this.doc.heightOfString(c, { width: widths[i]! - pad - inset(i) })));
    this.keep(height + 6);
    const y = this.doc.y + 3;
    let x = x0;
    cells.forEach((c, i) => {
      if (i === 0 && o.marker) {
        const kind = markerOf(o.marker);
        this.chartAt(
          {
            svg: `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8" viewBox="0 0 8 8">${marker(kind, 4, 4, 7, groupColour(o.marker))}</svg>`,
            width: 8,
            height: 8,
          },
          x,
          y + 0.5,
        );
      }
      this.doc
        .font(o.bold ? BOLD : REGULAR)
        .fontSize(size)
        .fillColor(INK)
        .text(c, x + inset(i), y, { width: widths[i]! - pad - inset(i), align: o.align?.[i] ?? "left" });
      x += widths[i]!;
    });
    const end = y + height + 3;
    if (o.rule) {
      const total = widths.reduce((a, b) => a + b, 0);
      this.doc
        .moveTo(x0, end)
        .lineTo(x0 + total, end)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
    }
    this.doc.x = LEFT;
    this.doc.y = end;
  }

  /** An SVG chart at the current position, on a new page if it would not fit on this one. */
  chart(chart: Chart) {
    this.keep(chart.height);
    this.chartAt(chart, LEFT, this.doc.y);
    this.doc.x = LEFT;
    this.doc.y += chart.height;
  }

  chartAt(chart: Chart, x: number, y: number) {
    SVGtoPDF(this.doc, chart.svg, x, y, { width: chart.width, height: chart.height, assumePt: true });
  }

  /** Header and footer on every page, once the page count is known. */
  pageFurniture(s: ReportSnapshot, releasedAt: Date) {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const { page } = this.doc;
      // Writing in the margins: lift them so pdfkit does not break the page.
      const margins = page.margins;
      page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      const right = page.width - LEFT;
      const footerY = page.height - BOTTOM + 22;
      if (i > range.start) {
        this.doc.font(BOLD).fontSize(8).fillColor(MUTED).text(`360 report: ${s.subjectName}`, LEFT, 28, { width: 300, lineBreak: false });
        this.doc
          .font(REGULAR)
          .fontSize(8)
          .text(s.cycleName, right - 200, 28, { width: 200, align: "right", lineBreak: false });
        this.doc.moveTo(LEFT, 42).lineTo(right, 42).lineWidth(0.5).strokeColor(RULE).stroke();
      }
      this.doc
        .moveTo(LEFT, footerY - 8)
        .lineTo(right, footerY - 8)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      this.doc
        .font(REGULAR)
        .fontSize(8)
        .fillColor(MUTED)
        .text(`${s.subjectName} · ${s.cycleName} · released ${formatDate(releasedAt)}`, LEFT, footerY, { width: 340, lineBreak: false });
      this.doc.text(`Page ${i - range.start + 1} of ${range.count}`, right - 120, footerY, {
        width: 120,
        align: "right",
        lineBreak: false,
      });
      page.margins = margins;
    }
  }
}
