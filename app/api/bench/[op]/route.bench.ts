import { eq } from "drizzle-orm";
import {
  bareInsert,
  bareRollup,
  bareSubjectGroupBy,
  benchEnabled,
  duplicateCheck,
  notFoundResponse,
  readStats,
  resetStats,
} from "@/bench/server";
import { resolveViewer } from "@/lib/auth/viewer";
import { releaseOneAsHr } from "@/lib/cycles/admin";
import { getTeamDashboard } from "@/lib/dashboards/team";
import { getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";

/**
 * `npm run bench` only (BENCH_FLOOR=true, else 404): counters to read and reset around each run,
 * the bare-SQL floors, the bare INSERT route, and the operations that have no HTTP surface of their
 * own to load (releasing one report is a button in a page; it runs here through the same HR
 * function).
 */
export const dynamic = "force-dynamic";

async function hrViewer(userId: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new Error(`No user ${userId}`);
  const viewer = await resolveViewer(db, { id: user.id, email: user.email, name: user.name });
  if (!viewer) throw new Error(`User ${userId} belongs to no organisation`);
  return viewer;
}

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
      const viewer = await hrViewer(param(url, "user"));
      const outcome = await releaseOneAsHr(await getDb(), viewer, param(url, "cycle"), param(url, "request"));
      return Response.json({ outcome });
    }
    default:
      return notFoundResponse();
  }
}
