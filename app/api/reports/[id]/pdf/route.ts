import { notFoundResponse, requestRoute } from "@/lib/auth/route";
import { reportToPdf } from "@/lib/reports/pdf";
import { reportOf } from "@/lib/reports/queries";

export const dynamic = "force-dynamic";

export const GET = requestRoute<{ id: string }>("view", { snapshot: true }, async (loaded, viewer) => {
  const report = await reportOf(loaded, viewer, "pdf");
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
