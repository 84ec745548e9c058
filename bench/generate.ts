import { randomBytes, randomUUID } from "node:crypto";
import type { OpenDatabase } from "@/lib/db/client";
import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { feedbackRequests, reportSnapshots, sessions } from "@/lib/db/schema";
import { buildQuestionnaire, itemKeys, type Questionnaire } from "@/lib/framework";
import { buildReport } from "@/lib/report/build-report";
import type { CommentInput, ResponseInput, StoredGroup } from "@/lib/report/types";
import { othersCells, publishedCells } from "@/lib/reports/release";
import { hashToken } from "@/lib/tokens";
import { mulberry32, type Rng } from "./stats";

/**
 * The synthetic organisation, written through the app's own tables with set-based statements
 * (generate_series and INSERT … SELECT in the database; multi-row inserts from here), never row by
 * row. The same SQL runs on PGlite and on a server Postgres.
 *
 * Shape, for S subjects (1,000 at 1x) and 10 S people:
 *   - people in a ten-way tree (person n reports to (n-1)/10), 100 to a team; every person has a
 *     user and an employee membership, subjects are managers, one extra person is HR;
 *   - every subject is rated by self, line manager (the root has none), 5 peers and 4 direct reports;
 *   - answers: the 16 framework items, 8 % "not observed"; comments on 30 % of responses;
 *   - a released cycle: every subject's report computed by the app's buildReport from synthetic
 *     responses and stored as snapshot + published cells, as release leaves it (raw rows deleted);
 *   - an open cycle: every subject's invitations with live links, 80 % answered, responses linked;
 *   - a closed cycle of `releasing` subjects, unlinked as close leaves it, to release one by one.
 */

export interface GenerateOptions {
  subjects: number;
  /** Closed, unreleased requests to release one at a time. */
  releasing: number;
  /** Open invitations the submit load cycles through. */
  submitPool: number;
  /** Subjects given a signed-in session, for the report page load. */
  reportViewers: number;
  seed?: number;
}

export interface Manifest {
  organisationId: string;
  items: string[];
  hr: { userId: string; sessionToken: string };
  releasedCycleId: string;
  openCycleId: string;
  closedCycleId: string;
  threshold: number;
  /** Released reports and their subjects' session tokens. */
  reports: { requestId: string; sessionToken: string }[];
  /** Open non-self invitations with a live link (the token row's id signs the survey cookie). */
  invitations: { invitationId: string; tokenId: string; group: string }[];
  /** Closed, unreleased requests. */
  closed: string[];
  counts: Record<string, number>;
}

const GROUPS_SQL = `
  select s, s as r, 'self' as grp from generate_series(0, $1::int - 1) s
  union all select s, (s - 1) / 10, 'manager' from generate_series(1, $1::int - 1) s
  union all select s, case when s = 0 then 4 + j else ((s - 1) / 10) * 10 + 1 + ((s - ((s - 1) / 10) * 10 - 1 + j) % 10) end, 'peer'
    from generate_series(0, $1::int - 1) s, generate_series(1, 5) j
  union all select s, 10 * s + j, 'direct_report' from generate_series(0, $1::int - 1) s, generate_series(1, 4) j`;

const DAY = 24 * 3600_000;

export async function generateOrganisation(open: OpenDatabase, options: GenerateOptions): Promise<Manifest> {
  const S = options.subjects;
  const P = S * 10;
  const rng = mulberry32(options.seed ?? 360);
  const q = buildQuestionnaire();
  const items = itemKeys(q);
  const organisationId = randomUUID();
  const threshold = 3;
  const sql = (text: string, params: unknown[] = []) => open.query(text, params);

  // Scratch tables (real ones, not temporary: a postgres.js pool may hand out another connection).
  await sql(`drop table if exists bench_person, bench_rater, bench_inv`);

  await sql(`insert into organisations (id, name, slug, default_threshold) values ($1, 'Benchmark Ltd', $2, 3)`, [
    organisationId,
    `bench-${organisationId.slice(0, 8)}`,
  ]);
  await sql(
    `insert into teams (id, organisation_id, name)
     select gen_random_uuid(), $1::uuid, 'Team ' || lpad(t::text, 4, '0') from generate_series(0, $2::int - 1) t`,
    [organisationId, Math.ceil(P / 100)],
  );
  // Person n: its uuid, its user's id, its team (by number).
  await sql(
    `create table bench_person as
       select n, gen_random_uuid() as id, gen_random_uuid()::text as user_id from generate_series(0, $1::int) n`,
    [P], // n = P is the HR person
  );
  await sql(`alter table bench_person add primary key (n)`);
  await sql(
    `insert into users (id, name, email, email_verified)
     select user_id, 'Person ' || lpad(n::text, 6, '0'), 'p' || n || '@bench.example', now() from bench_person`,
  );
  await sql(
    `insert into people (id, organisation_id, name, email, team_id, line_manager_id, user_id)
     select b.id, $1::uuid, case when b.n = $2::int then 'Harriet HR' else 'Person ' || lpad(b.n::text, 6, '0') end,
            'p' || b.n || '@bench.example', t.id, m.id, b.user_id
       from bench_person b
       left join teams t on t.organisation_id = $1::uuid and t.name = 'Team ' || lpad((b.n / 100)::text, 4, '0')
       left join bench_person m on b.n > 0 and b.n < $2::int and m.n = (b.n - 1) / 10`,
    [organisationId, P],
  );
  await sql(
    `insert into memberships (organisation_id, user_id, role)
     select $1::uuid, user_id, 'employee'::membership_role from bench_person
     union all select $1::uuid, user_id, 'manager'::membership_role from bench_person where n < $2::int
     union all select $1::uuid, user_id, 'hr'::membership_role from bench_person where n = $3::int`,
    [organisationId, S, P],
  );
  await sql(`create table bench_rater as ${GROUPS_SQL}`, [S]);

  const cycle = async (name: string, status: string, opensDaysAgo: number, closesInDays: number) => {
    const now = Date.now();
    const [row] = await open.query<{ id: string }>(
      `insert into cycles (organisation_id, name, kind, status, opens_at, closes_at, threshold, comment_threshold,
                           framework_version, questionnaire, launched_at, closed_at, first_released_at)
       values ($1, $2, 'organisation', $3::cycle_status, $4::timestamptz, $5::timestamptz, 3, 3, $6, $7::jsonb, $4::timestamptz, $8::timestamptz, $9::timestamptz) returning id`,
      [
        organisationId,
        name,
        status,
        // ISO strings, not Dates: postgres.js's raw queries do not serialise Date parameters.
        new Date(now - opensDaysAgo * DAY).toISOString(),
        new Date(now + closesInDays * DAY).toISOString(),
        q.frameworkVersion,
        JSON.stringify(q),
        status === "open" ? null : new Date(now + closesInDays * DAY).toISOString(),
        status === "released" ? new Date(now + closesInDays * DAY).toISOString() : null,
      ],
    );
    return row!.id;
  };
  const releasedCycleId = await cycle("Spring 360", "released", 200, -170);
  const closedCycleId = await cycle("Summer 360", "closed", 100, -70);
  const openCycleId = await cycle("Autumn 360", "open", 10, 20);

  // --- open cycle: requests, invitations with live links, 80 % answered, linked responses
  await sql(
    `insert into feedback_requests (organisation_id, cycle_id, subject_person_id, subject_ledger, line_manager_person_id, status)
     select $1::uuid, $2::uuid, p.id, p.id, p.line_manager_id, 'collecting'::request_status
       from bench_person b join people p on p.id = b.id where b.n < $3`,
    [organisationId, openCycleId, S],
  );
  await sql(
    `create table bench_inv as
       select gen_random_uuid() as id, gen_random_uuid() as token_id, gen_random_uuid() as response_id,
              f.id as request_id, rp.id as rater_person_id, r.r, r.grp, random() < 0.8 as answered
         from bench_rater r
         join bench_person sp on sp.n = r.s
         join feedback_requests f on f.cycle_id = $1 and f.subject_person_id = sp.id
         join bench_person rp on rp.n = r.r`,
    [openCycleId],
  );
  await sql(
    `insert into invitations (id, organisation_id, request_id, rater_person_id, rater_email, rater_group, status, sent_at)
     select id, $1::uuid, request_id, rater_person_id, 'p' || r || '@bench.example', grp::rater_group,
            case when answered then 'responded' else 'sent' end::invitation_status, now() - interval '9 days'
       from bench_inv`,
    [organisationId],
  );
  await sql(
    `insert into invitation_tokens (id, organisation_id, invitation_id, token_hash)
     select token_id, $1::uuid, id, md5(random()::text) || md5(random()::text) from bench_inv`,
    [organisationId],
  );
  await writeResponses(sql, organisationId, items, "bench_inv", true);

  // --- closed cycle: the first `releasing` subjects, unlinked as close leaves them
  await sql(
    `insert into feedback_requests (organisation_id, cycle_id, subject_person_id, subject_ledger, line_manager_person_id, status, final_progress)
     select $1::uuid, $2::uuid, p.id, p.id, p.line_manager_id, 'closed'::request_status, '[]'::jsonb
       from bench_person b join people p on p.id = b.id where b.n < $3`,
    [organisationId, closedCycleId, Math.min(options.releasing, S)],
  );
  await sql(`drop table bench_inv`);
  await sql(
    `create table bench_inv as
       select gen_random_uuid() as id, null::uuid as token_id, gen_random_uuid() as response_id,
              f.id as request_id, rp.id as rater_person_id, r.r, r.grp, random() < 0.8 as answered
         from bench_rater r
         join bench_person sp on sp.n = r.s
         join feedback_requests f on f.cycle_id = $1 and f.subject_person_id = sp.id
         join bench_person rp on rp.n = r.r`,
    [closedCycleId],
  );
  await sql(
    `insert into invitations (id, organisation_id, request_id, rater_person_id, rater_email, rater_group, status, sent_at)
     select id, $1::uuid, request_id, rater_person_id, 'p' || r || '@bench.example', grp::rater_group, 'sent', now() - interval '90 days'
       from bench_inv`,
    [organisationId],
  );
  await writeResponses(sql, organisationId, items, "bench_inv", false);
  // As close leaves them: anonymous groups under the threshold relabelled "pooled", their comments gone.
  await sql(
    `with small as (
       select request_id, rater_group from responses r join feedback_requests f on f.id = r.request_id
        where f.cycle_id = $1 and r.rater_group in ('peer', 'direct_report') group by 1, 2 having count(*) < $2),
     a as (update answers x set rater_group = 'pooled' from small where x.request_id = small.request_id and x.rater_group = small.rater_group),
     c as (delete from comments x using small where x.request_id = small.request_id and x.rater_group = small.rater_group)
     update responses x set rater_group = 'pooled' from small where x.request_id = small.request_id and x.rater_group = small.rater_group`,
    [closedCycleId, threshold],
  );

  // --- released cycle: snapshots and published cells, computed by the app's own report builder
  // The dashboard's floor (bench/server.ts, bareRollup) is a bare GROUP BY over the published cells
  // as rows, so the bench keeps them in a table of its own: the app's one published store is the
  // snapshot (report_cells, which the floor read before, went in migration 0011). Same columns,
  // key and index as report_cells had, so the floor costs what it did.
  await sql(
    `create table bench_cells (
       organisation_id uuid not null, cycle_id uuid not null, request_id uuid not null, team_id uuid,
       item_key text not null, rater_group text not null, n integer not null, sum integer not null,
       primary key (request_id, item_key, rater_group), check (n > 0))`,
  );
  await sql(`create index bench_cells_organisation_cycle_idx on bench_cells (organisation_id, cycle_id, rater_group)`);
  const raters = await open.query<{ s: number; grp: string }>(`select s, grp from bench_rater order by s`);
  const bySubject = new Map<number, string[]>();
  for (const r of raters) bySubject.set(Number(r.s), [...(bySubject.get(Number(r.s)) ?? []), r.grp]);
  const subjects = await open.query<{ n: number; id: string; name: string; team_id: string | null; line_manager_id: string | null }>(
    `select b.n, p.id, p.name, p.team_id, p.line_manager_id from bench_person b join people p on p.id = b.id where b.n < $1 order by b.n`,
    [S],
  );
  const releasedAt = new Date(Date.now() - 160 * DAY);
  const BATCH = 250;
  const released: { requestId: string; n: number }[] = [];
  for (let start = 0; start < subjects.length; start += BATCH) {
    const batch = subjects.slice(start, start + BATCH).map((p) => {
      const requestId = randomUUID();
      released.push({ requestId, n: Number(p.n) });
      const snapshot = buildReport(syntheticInput(rng, q, bySubject.get(Number(p.n)) ?? ["self"], p.name));
      return { p, requestId, snapshot };
    });
    await open.db.insert(feedbackRequests).values(
      batch.map(({ p, requestId, snapshot }) => ({
        id: requestId,
        organisationId,
        cycleId: releasedCycleId,
        subjectPersonId: p.id,
        subjectLedger: p.id,
        lineManagerPersonId: p.line_manager_id,
        status: "released" as const,
        releasedAt,
        finalProgress: snapshot.groups.flatMap((g) =>
          g.group !== "pooled" && g.group !== "others"
            ? [{ group: g.group, invited: g.responses, responded: g.responses, declined: 0 }]
            : [],
        ),
      })),
    );
    await open.db.insert(reportSnapshots).values(
      batch.map(({ p, requestId, snapshot }) => ({
        organisationId,
        requestId,
        cycleId: releasedCycleId,
        teamId: p.team_id,
        data: snapshot,
        othersCells: othersCells(publishedCells(snapshot)),
      })),
    );
    const cells = batch.flatMap(({ p, requestId, snapshot }) =>
      publishedCells(snapshot).map((c) => ({ organisationId, cycleId: releasedCycleId, requestId, teamId: p.team_id, ...c })),
    );
    for (let i = 0; i < cells.length; i += 5000) await open.db.insert(benchCells).values(cells.slice(i, i + 5000));
  }

  // --- signed-in sessions: HR, and the subjects whose reports the page load reads
  // As next-auth leaves a session it refreshed less than a day ago (30-day sessions, daily
  // refresh): reading a page then does not write the session back.
  const expires = new Date(Date.now() + 30 * DAY - 3600_000);
  const hrRow = (await open.query<{ user_id: string }>(`select user_id from bench_person where n = $1`, [P]))[0]!;
  const hrToken = randomBytes(32).toString("hex");
  const viewers = released.slice(0, Math.min(options.reportViewers, released.length));
  const userIds = await open.query<{ n: number; user_id: string }>(`select n, user_id from bench_person where n < $1`, [viewers.length]);
  const userOf = new Map(userIds.map((u) => [Number(u.n), u.user_id]));
  const reports = viewers.map((v) => ({ requestId: v.requestId, sessionToken: randomBytes(32).toString("hex"), userId: userOf.get(v.n)! }));
  await open.db
    .insert(sessions)
    .values([
      { sessionToken: hashToken(hrToken), userId: hrRow.user_id, expires },
      ...reports.map((r) => ({ sessionToken: hashToken(r.sessionToken), userId: r.userId, expires })),
    ]);

  const invitations = await open.query<{ invitation_id: string; token_id: string; group: string }>(
    `select i.id as invitation_id, t.id as token_id, i.rater_group::text as "group"
       from invitations i join invitation_tokens t on t.invitation_id = i.id
       join feedback_requests f on f.id = i.request_id
      where f.cycle_id = $1 and i.rater_group <> 'self'
      order by md5(i.id::text) limit $2`,
    [openCycleId, options.submitPool],
  );
  const closed = await open.query<{ id: string }>(`select id from feedback_requests where cycle_id = $1 order by id`, [closedCycleId]);
  await sql(`drop table if exists bench_person, bench_rater, bench_inv`);
  // Where the bare INSERT route (the submit's reference line) writes: not one of the app's tables.
  await sql(
    `create table bench_insert (id bigint generated always as identity primary key, batch uuid not null, item text not null, score smallint)`,
  );
  await sql(`analyze`);

  const counts: Record<string, number> = {};
  for (const table of [
    "people",
    "feedback_requests",
    "invitations",
    "responses",
    "answers",
    "comments",
    "report_snapshots",
    "bench_cells",
    "sessions",
  ]) {
    counts[table] = Number((await open.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n);
  }
  return {
    organisationId,
    items,
    hr: { userId: hrRow.user_id, sessionToken: hrToken },
    releasedCycleId,
    openCycleId,
    closedCycleId,
    threshold,
    reports: reports.map(({ requestId, sessionToken }) => ({ requestId, sessionToken })),
    invitations: invitations.map((i) => ({ invitationId: i.invitation_id, tokenId: i.token_id, group: i.group })),
    closed: closed.map((c) => c.id),
    counts,
  };
}

/** Responses, answers and comments for the answered rows of a scratch invitation table. */
async function writeResponses(
  sql: (text: string, params?: unknown[]) => Promise<unknown>,
  organisationId: string,
  items: string[],
  table: string,
  linked: boolean,
) {
  await sql(
    `insert into responses (id, organisation_id, request_id, rater_group, invitation_id, submitted_at)
     select response_id, $1::uuid, request_id, grp::answer_group, ${linked ? "id, now() - interval '2 days'" : "null, null"}
       from ${table} where answered`,
    [organisationId],
  );
  await sql(
    `insert into answers (response_id, organisation_id, request_id, rater_group, item_key, score)
     select i.response_id, $1::uuid, i.request_id, i.grp::answer_group, k.key,
            case when random() < 0.08 then null else 1 + floor(random() * 5)::int end
       from ${table} i cross join unnest($2::text[]) as k(key) where i.answered`,
    [organisationId, items],
  );
  await sql(
    `insert into comments (organisation_id, request_id, response_id, rater_group, topic, body)
     select $1::uuid, request_id, ${linked ? "response_id" : "null"}, grp::answer_group,
            case when random() < 0.5 then 'develop' else 'keep_doing' end,
            'Synthetic comment: keeps the team informed and could delegate more of the planning work.'
       from ${table} where answered and random() < 0.3`,
    [organisationId],
  );
}

/** One subject's responses as the release would read them, drawn from the bench's seeded generator. */
function syntheticInput(rng: Rng, q: Questionnaire, groups: string[], subjectName: string) {
  const keys = itemKeys(q);
  const responses: ResponseInput[] = [];
  const comments: CommentInput[] = [];
  for (const group of groups) {
    if (group !== "self" && rng() >= 0.8) continue;
    const answers: Record<string, number | null> = {};
    for (const key of keys) answers[key] = rng() < 0.08 ? null : 1 + Math.floor(rng() * 5);
    responses.push({ group: group as StoredGroup, answers });
    if (rng() < 0.3) {
      comments.push({
        group: group as StoredGroup,
        topic: rng() < 0.5 ? "develop" : "keep_doing",
        body: "Synthetic comment: keeps the team informed and could delegate more of the planning work.",
      });
    }
  }
  return { questionnaire: q, threshold: 3, commentThreshold: 3, subjectName, cycleName: "Spring 360", responses, comments };
}

/** The bench's copy of the published cells, for the dashboard's floor only (see bench_cells above). */
const benchCells = pgTable(
  "bench_cells",
  {
    organisationId: uuid("organisation_id").notNull(),
    cycleId: uuid("cycle_id").notNull(),
    requestId: uuid("request_id").notNull(),
    teamId: uuid("team_id"),
    itemKey: text("item_key").notNull(),
    raterGroup: text("rater_group").notNull(),
    n: integer("n").notNull(),
    sum: integer("sum").notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.itemKey, t.raterGroup] })],
);
