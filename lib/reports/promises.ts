import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/client";

/**
 * The largest k that any other request of this person promised its raters: the k its report was
 * released at, or, for one not released yet (closed and waiting, or released later than this one),
 * its cycle's. Raters who answered a request at k = 4 must not be shown as three in another report
 * of the same person released first (lib/report/history.ts, promisedThreshold); the report's
 * release, its early-release check, its progress and the request page all judge at this k.
 * Null when the person has no other request.
 */
export async function earlierPromise(
  db: Executor,
  organisationId: string,
  subjectPersonId: string,
  exceptRequestId: string,
): Promise<number | null> {
  const [row] = await rowsOf<{ k: number | null }>(
    db,
    sql`select max(greatest(c.threshold, coalesce((s.data->>'threshold')::int, 0)))::int as k
          from feedback_requests r
          join cycles c on c.id = r.cycle_id
          left join report_snapshots s on s.request_id = r.id
         where r.organisation_id = ${organisationId} and r.subject_person_id = ${subjectPersonId}
           and r.id <> ${exceptRequestId}`,
  );
  return row?.k ?? null;
}

/** The k a request's report will be judged at: its cycle's, or a larger one promised before. */
export async function promisedThresholdFor(
  db: Executor,
  request: { id: string; organisationId: string; subjectPersonId: string },
  cycleThreshold: number,
): Promise<number> {
  return Math.max(cycleThreshold, (await earlierPromise(db, request.organisationId, request.subjectPersonId, request.id)) ?? 0);
}

/** `earlierPromise` for many requests at once (HR's completion page), by request id. */
export async function earlierPromises(db: Executor, organisationId: string, requestIds: readonly string[]): Promise<Map<string, number>> {
  if (requestIds.length === 0) return new Map();
  const rows = await rowsOf<{ requestId: string; k: number }>(
    db,
    sql`select r.id as "requestId", max(greatest(c.threshold, coalesce((s.data->>'threshold')::int, 0)))::int as k
          from feedback_requests r
          join feedback_requests o on o.subject_person_id = r.subject_person_id and o.organisation_id = r.organisation_id and o.id <> r.id
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
