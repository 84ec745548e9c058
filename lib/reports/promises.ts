import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/client";

/**
 * Per request: the largest k any other request of the same person (the same subject ledger, so
 * under any directory entry that stood for them: lib/requests/subject-ledger.ts) promised its
 * raters: the k its report was released at, or, for one not released yet (closed and waiting,
 * or released later than this one), its cycle's. Raters who answered a request at k = 4 must not
 * be shown as three in another report of the same person released first (lib/report/history.ts,
 * promisedThreshold); the report's release, its early-release check, its progress, HR's
 * completion page, the data export and the request page all judge at this k. A request whose person has no other request is absent.
 */
export async function earlierPromises(db: Executor, organisationId: string, requestIds: readonly string[]): Promise<Map<string, number>> {
  if (requestIds.length === 0) return new Map();
  const rows = await rowsOf<{ requestId: string; k: number }>(
    db,
    sql`select r.id as "requestId", max(greatest(c.threshold, coalesce((s.data->>'threshold')::int, 0)))::int as k
          from feedback_requests r
          join feedback_requests o on o.subject_ledger = r.subject_ledger and o.organisation_id = r.organisation_id and o.id <> r.id
          join cycles c on c.id = o.cycle_id
          left join report_snapshots s on s.request_id = o.id
         where r.organisation_id = ${organisationId}
           and r.id in (${sql.join(
             requestIds.map((id) => sql`${id}::uuid`),
             sql`, `,
           )})
         group by r.id`,
  );
  return new Map(rows.map((r) => [r.requestId, r.k]));
}

/** The k a request's report will be judged at: its cycle's, or a larger one promised before. */
export async function promisedThresholdFor(
  db: Executor,
  request: { id: string; organisationId: string },
  cycleThreshold: number,
): Promise<number> {
  const earlier = await earlierPromises(db, request.organisationId, [request.id]);
  return Math.max(cycleThreshold, earlier.get(request.id) ?? 0);
}
