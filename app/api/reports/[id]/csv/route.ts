import { notFoundResponse, requestRoute } from "@/lib/auth/route";
import { reportToCsv } from "@/lib/reports/csv";
import { reportOf } from "@/lib/reports/queries";

export const dynamic = "force-dynamic";

export const GET = requestRoute<{ id: string }>("view", { snapshot: true }, async (loaded, viewer) => {
  const report = await reportOf(loaded, viewer, "csv");
  if (report.state !== "released") return notFoundResponse();
  const name = report.snapshot.subjectName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return new Response(`\uFEFF${reportToCsv(report.snapshot)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="twofold-report-${name}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
