import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, getDb } from "@/lib/db";
import { rowsOf } from "@/lib/db/client";
import * as t from "@/lib/db/schema";
import { CYCLE_STATUSES, INVITATION_STATUSES, mayAnswerInvitation, mayAnswerRequest, REQUEST_STATUSES } from "@/lib/lifecycle";
import { loadSurveyContext } from "@/lib/surveys/responses";
import { requestWithNominations } from "../support/scenario";
import { sqlSources } from "../support/sql-sources";

/** Each public PL/pgSQL function's full definition, as the database prints it. */
async function functionDefinitions(run: (text: string) => Promise<{ name: string; definition: string }[]>) {
  const rows = await run(
    `select p.proname as name, pg_get_functiondef(p.oid) as definition
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
      where n.nspname = 'public' and l.lanname = 'plpgsql'
      order by p.proname, pg_get_function_identity_arguments(p.oid)`,
  );
  return rows.map((r) => ({ name: r.name, definition: r.definition.replace(/\s+/g, " ").trim() }));
}

class Rollback extends Error {}

describe("the SQL functions' source files", () => {
  it("are exactly what the migrated database holds, and every function has one", async () => {
    const open = await getDatabase();
    const migrated = await functionDefinitions((text) => open.query(text));
    const sources = sqlSources();
    // No function lives only in a migration: each has its readable source beside its caller.
    expect(migrated.map((f) => f.name)).toEqual(sources.map((s) => s.name).sort());
    // Installing the sources again changes nothing: not a body, an argument, a type or a language.
    // (A changed signature would add a second function of that name, and fail the same way.)
    let reinstalled: typeof migrated = [];
    await (
      await getDb()
    )
      .transaction(async (tx) => {
        for (const source of sources) await tx.execute(sql.raw(source.text));
        reinstalled = await functionDefinitions((text) => rowsOf(tx, sql.raw(text)));
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(reinstalled).toEqual(migrated);
  });
});

describe("lib/lifecycle.ts and the SQL agree on what may still be answered", () => {
  // 720 states, two statements each: a larger budget than the default 60 s, for a busy machine.
  it("for every cycle, request and invitation status, revoked or not, before, at and after the close date", async () => {
    const { db, requestId, cycle } = await requestWithNominations();
    const open = await getDatabase();
    const [invitation] = await db
      .select()
      .from(t.invitations)
      .where(sql`${t.invitations.requestId} = ${requestId} and ${t.invitations.raterGroup} = 'peer'`)
      .limit(1);
    const times = [-3600_000, 0, 3600_000].map((offset) => new Date(cycle.closesAt.getTime() + offset));
    const revokedAt = new Date(cycle.closesAt.getTime() - 7200_000);
    let answerable = 0;
    let combinations = 0;
    for (const cycleStatus of CYCLE_STATUSES) {
      await db.update(t.cycles).set({ status: cycleStatus }).where(eq(t.cycles.id, cycle.id));
      for (const requestStatus of REQUEST_STATUSES) {
        await db.update(t.feedbackRequests).set({ status: requestStatus }).where(eq(t.feedbackRequests.id, requestId));
        for (const invitationStatus of INVITATION_STATUSES)
          for (const revoked of [false, true]) {
            await db
              .update(t.invitations)
              .set({ status: invitationStatus, revokedAt: revoked ? revokedAt : null })
              .where(eq(t.invitations.id, invitation!.id));
            for (const at of times) {
              const state = `cycle ${cycleStatus}, request ${requestStatus}, invitation ${invitationStatus}${revoked ? " (revoked)" : ""}, ${at.toISOString()}`;
              const cycleState = { status: cycleStatus, closesAt: cycle.closesAt };
              const expected = mayAnswerInvitation(
                cycleState,
                { status: requestStatus },
                { status: invitationStatus, revokedAt: revoked ? revokedAt : null },
                at,
              );
              combinations++;
              if (expected) answerable++;
              // One statement: the lock first, then the submit (a select list is evaluated in order).
              const [row] = await open.query<{ open: boolean; outcome: string }>(
                `select lock_open_request($2::uuid, $3::uuid, $5::timestamptz) as open,
                        submit_ballot($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'peer'::rater_group, 'lifecycle-tag', 'lifecycle-draft-tag',
                                      'sealed', false, $5::timestamptz) as outcome`,
                [invitation!.id, requestId, cycle.id, invitation!.organisationId, at.toISOString()],
              );
              const submit = row!;
              expect(submit.open, `lock_open_request: ${state}`).toBe(mayAnswerRequest(cycleState, { status: requestStatus }, at));
              // Allowed: the first one writes the ballot, every later one finds it.
              expect(submit.outcome !== "closed", `submit_ballot (${submit.outcome}): ${state}`).toBe(expected);
              // The TypeScript side of a survey asks the same question before it shows anything.
              expect((await loadSurveyContext(db, invitation!.id, at)) !== null, `loadSurveyContext: ${state}`).toBe(expected);
            }
          }
      }
    }
    expect(combinations).toBe(CYCLE_STATUSES.length * REQUEST_STATUSES.length * INVITATION_STATUSES.length * 2 * times.length);
    expect(answerable).toBeGreaterThan(0);
    expect(await db.select().from(t.ballots).where(eq(t.ballots.requestId, requestId))).toHaveLength(1);
  }, 300_000);

  it("refuses, in SQL, an invitation of another request", async () => {
    const a = await requestWithNominations();
    const b = await requestWithNominations();
    await a.db.update(t.invitations).set({ status: "sent" });
    const [other] = await a.db.select().from(t.invitations).where(eq(t.invitations.requestId, b.requestId)).limit(1);
    const [row] = await (
      await getDatabase()
    ).query<{ outcome: string }>(
      `select submit_ballot($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'peer'::rater_group, 'tag', 'draft-tag', 'sealed', false, now()) as outcome`,
      [other!.id, a.requestId, a.cycle.id, a.org.organisation.id],
    );
    expect(row!.outcome).toBe("closed");
  });
});
