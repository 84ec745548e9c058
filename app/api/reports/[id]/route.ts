import { notFoundResponse, viewerRoute } from "@/lib/auth/route";
import { getReport } from "@/lib/reports/queries";

export const dynamic = "force-dynamic";

/** The released report as JSON: the stored snapshot, same authorisation and content as the page. */
export const GET = viewerRoute<{ id: string }>(async (viewer, { id }) => {
  const report = await getReport(viewer, id, "json");
  if (report.state !== "released") return notFoundResponse();
  return Response.json(report.snapshot, { headers: { "Cache-Control": "no-store" } });
});
