import { notFoundResponse, viewerRoute } from "@/lib/auth/route";
import { reportToPdf } from "@/lib/reports/pdf";
import { getReport } from "@/lib/reports/queries";

export const dynamic = "force-dynamic";

export const GET = viewerRoute<{ id: string }>(async (viewer, { id }) => {
  const report = await getReport(viewer, id, "pdf");
  if (report.state !== "released") return notFoundResponse();
  const name = report.snapshot.subjectName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const pdf = await reportToPdf(report.snapshot, report.releasedAt);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="twofold-report-${name}.pdf"`,
      "Cache-Control": "no-store",
    },
  });
});
