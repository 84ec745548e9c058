import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { asHr } from "@/lib/auth/permissions";
import { resolveViewer } from "@/lib/auth/viewer";
import { releaseOneAsHr } from "@/lib/cycles/admin";
import { getDatabase, getDb } from "@/lib/db";
import { users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { countStatements, queryStats } from "./statement-counter";

/**
 * The server side of `npm run bench`: what the bench's own routes under /api/bench measure and
 * run inside the app's process. Imported only by the `*.bench.ts(x)` routes, which only a bench or
 * test build compiles (next.config.ts); even there they answer 404 unless BENCH_FLOOR=true. Bare SQL floors run here, through the app's own driver, because the
 * embedded database can be opened by one process only (the server).
 */

export function benchEnabled(): boolean {
  return env().benchFloor;
}

export function notFoundResponse(): Response {
  return new Response("Not found", { status: 404 });
}

/**
 * The viewer of any user, by id, with no session: how the bench drives HR operations that have no
 * HTTP surface of their own. Exactly why this lives in a bench build only (next.config.ts).
 */
export async function hrViewer(userId: string) {
  const db = await getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new Error(`No user ${userId}`);
  const viewer = await resolveViewer(db, { id: user.id, email: user.email, name: user.name });
  if (!viewer) throw new Error(`User ${userId} belongs to no organisation`);
  return asHr(viewer);
}

/** Releasing one report, as that HR user's button does (through the same HR function). */
export async function releaseOne(userId: string, cycleId: string, requestId: string) {
  return releaseOneAsHr(await getDb(), await hrViewer(userId), cycleId, requestId);
}

const holder = globalThis as unknown as { __twofoldBenchLoop?: IntervalHistogram };

/** Started on the first reset, so a server that is never benchmarked never samples. */
function loopMonitor(): IntervalHistogram {
  if (!holder.__twofoldBenchLoop) {
    // 10 ms resolution: we look for stalls of tens of milliseconds, not microseconds.
    holder.__twofoldBenchLoop = monitorEventLoopDelay({ resolution: 10 });
    holder.__twofoldBenchLoop.enable();
  }
  return holder.__twofoldBenchLoop;
}

/** Zero the counters at the start of a measured run (and start counting statements at the first). */
export async function resetStats() {
  countStatements(await getDatabase());
  loopMonitor().reset();
  queryStats.statements = 0;
}

/** What the run cost inside the server: statements sent and the longest event-loop stall. */
export function readStats() {
  const h = loopMonitor();
  return {
    statements: queryStats.statements,
    // The histogram counts the delay past the sampling timer: a stall of that many milliseconds.
    maxStallMs: h.count > 0 ? h.max / 1e6 : 0,
    p99StallMs: h.count > 0 ? h.percentile(99) / 1e6 : 0,
    rssBytes: process.memoryUsage().rss,
  };
}

/**
 * The dashboard's floor: the organisation's figures as one bare GROUP BY over the published cells
 * it reads, as rows (bench_cells, made by bench/generate.ts): per person and item for the heatmap,
 * per item for the team profile; no auth, no rendering. Only the row count goes back, so the floor pays for the query and the driver only.
 */
export async function bareRollup(organisationId: string, cycleId: string, threshold: number) {
  const open = await getDatabase();
  const rows = await open.query(
    `select c.request_id, c.item_key, sum(c.n)::int as n, sum(c.sum)::int as sum, count(*)::int as subjects
       from bench_cells c
      where c.organisation_id = $1 and c.cycle_id = $2 and c.rater_group = 'others' and c.n >= $3
      group by grouping sets ((c.request_id, c.item_key), (c.item_key))`,
    [organisationId, cycleId, threshold],
  );
  return rows.length;
}

/**
 * The submit's reference line, as issue 8's reference points measure it: one transaction with one
 * INSERT of 17 rows (a response and its 16 answers' worth) behind a bare route handler, through
 * the app's own driver, into a table of the bench's own. No identity, no checks: what the
 * framework and the database allow before any of Twofold's work.
 */
export async function bareInsert() {
  const db = await getDb();
  const batch = randomUUID();
  const rows = Array.from({ length: 17 }, (_, i) => sql`(${batch}, ${`item.${i}`}, ${(i % 5) + 1})`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into bench_insert (batch, item, score) values ${sql.join(rows, sql`, `)}`);
  });
}

/** Releasing one report's floor: that subject's bare GROUP BY over the raw answers. */
export async function bareSubjectGroupBy(requestId: string) {
  const open = await getDatabase();
  const rows = await open.query(
    `select rater_group, item_key, count(score)::int as n, sum(score)::int as sum
       from answers where request_id = $1 group by rater_group, item_key`,
    [requestId],
  );
  return rows.length;
}

/**
 * Exactly-once check after the submit load: every invitation has at most one response, and every
 * response exactly one answer per item (a duplicate would show up as more).
 */
export async function duplicateCheck(cycleId: string, items: number) {
  const open = await getDatabase();
  const [row] = await open.query<{ duplicate_responses: number; bad_answer_sets: number; responses: number }>(
    `with r as (
       select r.id, r.invitation_id from responses r
         join feedback_requests f on f.id = r.request_id where f.cycle_id = $1 and r.invitation_id is not null)
     select
       (select count(*) from (select invitation_id from r group by invitation_id having count(*) > 1) d)::int as duplicate_responses,
       (select count(*) from (select a.response_id from answers a join r on r.id = a.response_id
                               group by a.response_id having count(*) <> $2) b)::int as bad_answer_sets,
       (select count(*) from r)::int as responses`,
    [cycleId, items],
  );
  return row!;
}
