import { viewerRoute } from "@/lib/auth/route";
import { exportOwnData } from "@/lib/people/privacy";

export const dynamic = "force-dynamic";

/** The signed-in person's own data, as a JSON download. */
export const GET = viewerRoute<Record<string, never>>(async (viewer) => {
  const data = await exportOwnData(viewer);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-twofold-data.json"',
      "Cache-Control": "no-store",
    },
  });
});
