import {
  bareInsert,
  bareRollup,
  bareSubjectGroupBy,
  benchEnabled,
  duplicateCheck,
  hrViewer,
  releaseOne,
  notFoundResponse,
  readStats,
  resetStats,
} from "@/bench/server";
import { getTeamDashboard } from "@/lib/dashboards/team";

/**
 * `npm run bench` only (BENCH_FLOOR=true, else 404): counters to read and reset around each run,
 * the bare-SQL floors, the bare INSERT route, and the operations that have no HTTP surface of their
 * own to load (releasing one report is a button in a page; it runs here through the same HR
 * function).
 */
export const dynamic = "force-dynamic";

function param(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (!value) throw new Error(`Missing ${name}`);
  return value;
}

export async function GET(request: Request, { params }: { params: Promise<{ op: string }> }) {
  if (!benchEnabled()) return notFoundResponse();
  const { op } = await params;
  const url = new URL(request.url);
  switch (op) {
    case "stats":
      return Response.json(readStats());
    case "rollup":
      return Response.json({ rows: await bareRollup(param(url, "org"), param(url, "cycle"), Number(param(url, "k"))) });
    case "subject":
      return Response.json({ rows: await bareSubjectGroupBy(param(url, "request")) });
    case "dashboard-data": {
      // The dashboard's data work alone (auth aside): what getTeamDashboard costs without rendering.
      const d = await getTeamDashboard(await hrViewer(param(url, "user")), { cycleId: param(url, "cycle") });
      return Response.json({ rows: d.state === "ready" ? d.heatmap.length : 0 });
    }
    case "check":
      return Response.json(await duplicateCheck(param(url, "cycle"), Number(param(url, "items"))));
    default:
      return notFoundResponse();
  }
}

export async function POST(request: Request, { params }: { params: Promise<{ op: string }> }) {
  if (!benchEnabled()) return notFoundResponse();
  const { op } = await params;
  const url = new URL(request.url);
  switch (op) {
    case "reset":
      await resetStats();
      return Response.json(readStats());
    case "insert": {
      // Parses the same body as a submit, as the no-DB floor does, then writes 17 rows.
      const body = (await request.json()) as unknown;
      await bareInsert();
      return Response.json({ ok: true, data: { size: Array.isArray(body) ? body.length : 0 } });
    }
    case "release": {
      return Response.json({ outcome: await releaseOne(param(url, "user"), param(url, "cycle"), param(url, "request")) });
    }
    default:
      return notFoundResponse();
  }
}
