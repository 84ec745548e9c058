import { hrRoute } from "@/lib/auth/route";
import { exportTeamDashboard } from "@/lib/dashboards/team";

export const dynamic = "force-dynamic";

/** The team dashboard as CSV, for HR only. */
export const GET = hrRoute<Record<string, never>>(async (viewer, _params, request) => {
  const url = new URL(request.url);
  const { filename, csv } = await exportTeamDashboard(viewer, {
    cycleId: url.searchParams.get("cycle") ?? undefined,
    teamId: url.searchParams.get("team") ?? undefined,
  });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
