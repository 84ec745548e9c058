import PDFDocument from "pdfkit";
import { snapshotScale } from "@/lib/framework/scale";
import { REPORT_GROUP_LABELS } from "@/lib/report/groups";
import type { ReportSnapshot } from "@/lib/report/types";
import { formatDate } from "@/lib/format";

const SELF = "#d55e00";
const OTHERS = "#0072b2";
const MUTED = "#475569";

/**
 * The report as a PDF, rendered on the server from the snapshot: the same sections as the page,
 * with simple bar charts (self vs others per difference) and every number with its n.
 */
export async function reportToPdf(snapshot: ReportSnapshot, releasedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 48,
    info: { Title: `360 report: ${snapshot.subjectName}`, Author: "Twofold" },
    lang: "en-GB",
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 96;

  doc.fontSize(20).fillColor("#0f172a").text(`360 report: ${snapshot.subjectName}`);
  doc
    .fontSize(10)
    .fillColor(MUTED)
    .text(`${snapshot.cycleName} · released ${formatDate(releasedAt)} · anonymous groups shown with at least ${snapshot.threshold} raters`);
  doc.moveDown();
  heading(doc, "Summary");
  for (const line of snapshot.summary) doc.fontSize(10).fillColor("#0f172a").text(`• ${line}`, { width });

  heading(doc, "Who answered");
  for (const g of snapshot.groups)
    doc.fontSize(10).text(`${g.label}: ${g.responses} ${g.responses === 1 ? "response" : "responses"}. ${g.note}`, { width });

  heading(doc, "Self and others, difference by difference");
  doc.fontSize(9).fillColor(SELF).text("■ Self", { continued: true }).fillColor(OTHERS).text("   ■ All raters except self");
  const scale = snapshotScale(snapshot);
  for (const d of snapshot.dimensions) {
    ensureSpace(doc, 90);
    doc.moveDown(0.5).fontSize(11).fillColor("#0f172a").text(`${d.number}. ${d.title}`);
    for (const pole of ["leadership", "management"] as const) {
      const item = snapshot.items.find((i) => i.key === d.poles[pole].itemKey)!;
      doc
        .fontSize(9)
        .fillColor(MUTED)
        .text(`${pole === "leadership" ? "Leadership" : "Management"}: ${d.poles[pole].label}`);
      for (const group of ["self", "others"] as const) {
        const cell = item.cells.find((c) => c.group === group);
        const y = doc.y + 2;
        const x = 48 + 110;
        doc.fontSize(8).fillColor("#0f172a").text(REPORT_GROUP_LABELS[group], 48, y, { width: 105 });
        doc.rect(x, y, 250, 8).fill("#e2e8f0");
        if (cell?.status === "shown") {
          doc.rect(x, y, (250 * cell.mean!) / scale.max, 8).fill(group === "self" ? SELF : OTHERS);
          doc.fillColor("#0f172a").text(`${cell.mean!.toFixed(1)} of ${scale.max} (n=${cell.n})`, x + 260, y, { width: 150 });
        } else {
          doc.fillColor(MUTED).text(cell?.reason ?? "Not answered", x + 260, y, { width: width - 370 });
        }
        doc.x = 48;
        doc.y = y + 12;
      }
    }
  }

  heading(doc, "Gaps between self and others");
  doc.fontSize(8).fillColor(MUTED).text(snapshot.gaps.rule, { width });
  const gaps = [
    ...snapshot.gaps.blindSpots.map((g) => ({ ...g, kind: "Blind spot" })),
    ...snapshot.gaps.hiddenStrengths.map((g) => ({ ...g, kind: "Hidden strength" })),
  ];
  if (gaps.length === 0) doc.fontSize(10).fillColor("#0f172a").text("No gap stands out beyond the normal spread of ratings.");
  for (const g of gaps)
    doc
      .fontSize(10)
      .fillColor("#0f172a")
      .text(`${g.kind}: ${g.label}. Self ${g.self.toFixed(1)}, others ${g.others.toFixed(1)} (n=${g.othersN}).`, { width });

  heading(doc, "Comments");
  doc.fontSize(8).fillColor(MUTED).text(snapshot.commentsNote, { width });
  for (const topic of snapshot.comments) {
    if (topic.entries.length === 0) continue;
    ensureSpace(doc, 40);
    doc.moveDown(0.4).fontSize(10).fillColor("#0f172a").text(topic.title, { underline: true });
    for (const c of topic.entries) doc.fontSize(9).text(`“${c.body}” (${c.groupLabel})`, { width });
  }

  heading(doc, "Growing as a leader");
  for (const g of snapshot.growth) {
    doc
      .fontSize(10)
      .fillColor("#0f172a")
      .text(`${g.title}: ${g.poleLabel}${g.others !== null ? ` (others: ${g.others.toFixed(1)})` : ""}`);
    for (const tip of g.tips) doc.fontSize(9).text(`• ${tip}`, { width });
    doc.moveDown(0.3);
  }
  doc.end();
  return done;
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  ensureSpace(doc, 60);
  doc.moveDown().fontSize(14).fillColor("#0f172a").text(text).moveDown(0.3);
}

function ensureSpace(doc: PDFKit.PDFDocument, needed: number) {
  if (doc.y + needed > doc.page.height - 48) doc.addPage();
}
