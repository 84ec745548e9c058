import { notFoundResponse, requestRoute } from "@/lib/auth/route";
import { reportOf } from "@/lib/reports/queries";

export const dynamic = "force-dynamic";

/** The released report as JSON: the stored snapshot, same authorisation and content as the page. */
export const GET = requestRoute<{ id: string }>("view", { snapshot: true }, async (loaded, viewer) => {
  const report = await reportOf(loaded, viewer, "json");
  if (report.state !== "released") return notFoundResponse();
  return Response.json(report.snapshot, { headers: { "Cache-Control": "no-store" } });
});
