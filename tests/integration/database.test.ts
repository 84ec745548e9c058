import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase, getDb } from "@/lib/db";
import { pendingMigrations } from "@/lib/db/migrate";
import { buildQuestionnaire } from "@/lib/framework";
import * as t from "@/lib/db/schema";
import { DEMO_ORGANISATION_SLUG, seedDemo } from "@/lib/organisations/seed-demo";
import { mailDemoSurveyLinks } from "@/lib/organisations/demo-mailbox";
import { resetEnvCache } from "@/lib/env";
import { devOutbox } from "@/lib/mail/transport";
import { findSurveyLink } from "@/lib/surveys/links";
import { firstLink } from "../support/smtp-catcher";

async function organisation(name = "Acme") {
  const db = await getDb();
  const [org] = await db
    .insert(t.organisations)
    .values({ name, slug: `${name.toLowerCase()}-${crypto.randomUUID()}` })
    .returning();
  return org!;
}

/** The error Postgres raised, whichever driver wrapped it. */
async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } };
    return `${e.message ?? ""} ${e.cause?.message ?? ""}`;
  }
  throw new Error("expected the statement to be rejected");
}

describe("schema v1", () => {
  it("has every migration applied", async () => {
    expect(await pendingMigrations(await getDatabase())).toEqual([]);
  });

  it("rejects a score outside 1-5 but accepts 'not observed' (null)", async () => {
    const db = await getDb();
    const org = await organisation();
    const [person] = await db.insert(t.people).values({ organisationId: org.id, name: "Ann", email: "ann@acme.test" }).returning();
    const [cycle] = await db
      .insert(t.cycles)
      .values({
        organisationId: org.id,
        name: "C",
        opensAt: new Date("2026-01-01"),
        closesAt: new Date("2026-02-01"),
        frameworkVersion: "v1",
        questionnaire: buildQuestionnaire(),
      })
      .returning();
    const [request] = await db
      .insert(t.feedbackRequests)
      .values({ organisationId: org.id, cycleId: cycle!.id, subjectPersonId: person!.id, subjectLedger: person!.id })
      .returning();
    const [response] = await db
      .insert(t.responses)
      .values({ organisationId: org.id, requestId: request!.id, raterGroup: "peer" })
      .returning();
    const base = { responseId: response!.id, organisationId: org.id, requestId: request!.id, raterGroup: "peer" as const };
    await db.insert(t.answers).values({ ...base, itemKey: "culture.leadership", score: null });
    await db.insert(t.answers).values({ ...base, itemKey: "culture.management", score: 5 });
    expect(await rejection(db.insert(t.answers).values({ ...base, itemKey: "risk.leadership", score: 6 }))).toMatch(/answers_score_range/);
    expect(await rejection(db.insert(t.answers).values({ ...base, itemKey: "risk.management", score: 0 }))).toMatch(/answers_score_range/);
  });

  it("rejects a threshold outside 3-10 and a close date before the open date", async () => {
    const db = await getDb();
    const org = await organisation();
    const cycle = {
      organisationId: org.id,
      name: "C",
      opensAt: new Date("2026-01-01"),
      closesAt: new Date("2026-02-01"),
      frameworkVersion: "v1",
      questionnaire: buildQuestionnaire(),
    };
    expect(await rejection(db.insert(t.cycles).values({ ...cycle, threshold: 2, commentThreshold: 3 }))).toMatch(/threshold/);
    expect(await rejection(db.insert(t.cycles).values({ ...cycle, threshold: 11, commentThreshold: 11 }))).toMatch(/threshold/);
    expect(await rejection(db.insert(t.cycles).values({ ...cycle, threshold: 4, commentThreshold: 3 }))).toMatch(/comment_threshold/);
    expect(await rejection(db.insert(t.cycles).values({ ...cycle, closesAt: new Date("2025-12-31") }))).toMatch(
      /cycles_closes_after_opens/,
    );
  });

  it("keeps e-mails unique per organisation, not across organisations", async () => {
    const db = await getDb();
    const a = await organisation("A");
    const b = await organisation("B");
    await db.insert(t.people).values({ organisationId: a.id, name: "Ann", email: "ann@x.test" });
    await db.insert(t.people).values({ organisationId: b.id, name: "Ann", email: "ann@x.test" });
    expect(await rejection(db.insert(t.people).values({ organisationId: a.id, name: "Ann 2", email: "ann@x.test" }))).toMatch(
      /people_organisation_email_key/,
    );
    expect(await rejection(db.insert(t.people).values({ organisationId: a.id, name: "Upper", email: "Upper@x.test" }))).toMatch(
      /people_email_lower/,
    );
  });

  it("makes the audit log append-only", async () => {
    const db = await getDb();
    const org = await organisation();
    const [entry] = await db.insert(t.auditLog).values({ organisationId: org.id, action: "test.created" }).returning();
    expect(await rejection(db.update(t.auditLog).set({ action: "changed" }).where(eq(t.auditLog.id, entry!.id)))).toMatch(/append-only/);
    expect(await rejection(db.delete(t.auditLog).where(eq(t.auditLog.id, entry!.id)))).toMatch(/append-only/);
    const [after] = await db.select().from(t.auditLog).where(eq(t.auditLog.id, entry!.id));
    expect(after?.action).toBe("test.created");
  });
});

describe("reading many rows", () => {
  it("hands over a result of several slices whole, in order and typed as a plain read would", async () => {
    const open = await getDatabase();
    const query = sql`select g as n, 'row ' || g as label from generate_series(1, ${4500}::int) g order by g`;
    const rows = await open.rowsInSlices<{ n: number; label: string }>(query);
    expect(rows).toHaveLength(4500);
    expect(rows.every((r, i) => r.n === i + 1 && r.label === `row ${i + 1}`)).toBe(true);
    expect(await open.rowsInSlices(sql`select 1 as one where false`)).toEqual([]);
    // A slice boundary exactly at the end, then the same statement again (prepared once on a server).
    expect(await open.rowsInSlices<{ n: number }>(sql`select g as n from generate_series(1, ${4000}::int) g`)).toHaveLength(4000);
    expect(await open.rowsInSlices<{ n: number }>(sql`select g as n from generate_series(1, ${4000}::int) g`)).toHaveLength(4000);
  });
});

describe("demo seed", () => {
  it("creates about 30 people in 3 teams with reporting lines, HR, managers and requests in every state", async () => {
    const db = await getDb();
    expect((await seedDemo(db)).created).toBe(true);
    expect((await seedDemo(db)).created).toBe(false); // idempotent
    const [org] = await db.select().from(t.organisations).where(eq(t.organisations.slug, DEMO_ORGANISATION_SLUG));
    const people = await db.select().from(t.people).where(eq(t.people.organisationId, org!.id));
    expect(people.length).toBeGreaterThanOrEqual(28);
    expect(new Set(people.map((p) => p.teamId)).size).toBe(3);
    expect(people.filter((p) => p.lineManagerId === null)).toHaveLength(1);
    const roles = await db
      .select({ role: t.memberships.role, n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.memberships)
      .groupBy(t.memberships.role);
    expect(roles.find((r) => r.role === "hr")?.n).toBe(1);
    expect(roles.find((r) => r.role === "manager")?.n).toBeGreaterThanOrEqual(4);
    const statuses = new Set((await db.select({ s: t.feedbackRequests.status }).from(t.feedbackRequests)).map((r) => r.s));
    expect(statuses).toEqual(new Set(["nominating", "collecting", "released"]));
    // Released reports are frozen snapshots; their raw answers are gone.
    const released = await db
      .select({ id: t.feedbackRequests.id })
      .from(t.feedbackRequests)
      .where(eq(t.feedbackRequests.status, "released"));
    expect(released.length).toBe(3);
    const snapshots = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(t.reportSnapshots);
    expect(snapshots[0]!.n).toBe(3);
    const raw = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.responses)
      .innerJoin(t.feedbackRequests, eq(t.feedbackRequests.id, t.responses.requestId))
      .where(eq(t.feedbackRequests.status, "released"));
    expect(raw[0]!.n).toBe(0);
    // The open cycle's answers are sealed ballots, as the app stores them: nothing in the demo's
    // database says which of its raters has answered (no "responded", no answer rows, no drafts).
    const open = await db
      .select({ status: t.invitations.status })
      .from(t.invitations)
      .innerJoin(t.feedbackRequests, eq(t.feedbackRequests.id, t.invitations.requestId))
      .where(and(eq(t.feedbackRequests.organisationId, org!.id), eq(t.feedbackRequests.status, "collecting")));
    expect(open.length).toBeGreaterThan(0);
    expect(open.filter((i) => i.status === "responded")).toEqual([]);
    const openAnswers = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.responses)
      .innerJoin(t.feedbackRequests, eq(t.feedbackRequests.id, t.responses.requestId))
      .where(eq(t.feedbackRequests.status, "collecting"));
    expect(openAnswers[0]!.n).toBe(0);
    const ballots = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(t.ballots)
      .innerJoin(t.feedbackRequests, eq(t.feedbackRequests.id, t.ballots.requestId))
      .where(eq(t.feedbackRequests.status, "collecting"));
    expect(ballots[0]!.n).toBeGreaterThan(0);
  });
});

describe("demo mailbox", () => {
  it("holds a working invitation link for each rater of the demo request nobody has answered, in development", async () => {
    const saved = { SMTP_URL: process.env.SMTP_URL, SEED_DEMO_DATA: process.env.SEED_DEMO_DATA };
    delete process.env.SMTP_URL;
    process.env.SEED_DEMO_DATA = "true";
    resetEnvCache();
    try {
      const db = await getDb();
      await seedDemo(db);
      const before = devOutbox().length;
      const mailed = await mailDemoSurveyLinks(db);
      expect(mailed).toBeGreaterThanOrEqual(8);
      const mails = devOutbox().slice(0, devOutbox().length - before);
      expect(mails).toHaveLength(mailed);
      for (const mail of mails) {
        expect(mail.subject).toMatch(/Tom Becker/);
        const link = firstLink(mail.text);
        expect((await findSurveyLink(db, link.split("/s/")[1]!)).status, link).toBe("valid");
      }
    } finally {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      resetEnvCache();
    }
  });
});

// Only the server driver prepares statements (PGlite has no connections to keep them on), so this
// suite exists only in the server PostgreSQL run rather than showing as skipped in the embedded one.
if (process.env.DATABASE_URL)
  describe("server driver", () => {
    // Inside one transaction, so every statement runs on the same connection of the pool.
    it("prepares drizzle's statements, in and out of transactions (one round trip each, planned once)", async () => {
      const db = await getDb();
      const org = await organisation("Prepared");
      const prepared = await db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) await tx.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.id, org.id));
        await tx.transaction(async (nested) => {
          await nested.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.slug, org.slug));
        });
        const rows = await tx.execute(sql`select statement from pg_prepared_statements where statement like '%"organisations"%'`);
        return (rows as unknown as { statement: string }[]).map((r) => r.statement);
      });
      // Three runs of one query share one prepared statement; the savepoint's query has its own.
      expect(prepared.filter((s) => s === 'select "id" from "organisations" where "organisations"."id" = $1')).toHaveLength(1);
      expect(prepared.filter((s) => s === 'select "id" from "organisations" where "organisations"."slug" = $1')).toHaveLength(1);
    });
  });

// Only the embedded driver could share the server's thread with the database.
if (!process.env.DATABASE_URL)
  describe("embedded driver", () => {
    it("keeps Node serving while a long statement runs", async () => {
      const db = await getDb();
      // Turns of the event loop while PGlite counts through a few million rows (hundreds of
      // milliseconds): on the main thread it ran in one of them, and Node did nothing else.
      let turns = 0;
      let running = true;
      const tick = () => {
        turns++;
        if (running) setTimeout(tick, 1);
      };
      setTimeout(tick, 1);
      const started = performance.now();
      await db.execute(sql`select count(*) from generate_series(1, 3000000)`);
      const elapsed = performance.now() - started;
      running = false;
      // A 1 ms timer fires at least every few milliseconds while the main thread is free.
      expect(turns).toBeGreaterThan(elapsed / 20);
    });

    it("hands over a result larger than one slice whole and in order, in a transaction too", async () => {
      const db = await getDb();
      // 9,001 rows cross from the database's thread in 2,000-row slices (lib/db/pglite-thread.ts);
      // the statement after them must find the transaction as it was.
      const rows = await db.transaction(async (tx) => {
        const result = await tx.execute(sql`select g as n, repeat('x', g % 7) as pad from generate_series(1, 9001) g`);
        await tx.execute(sql`select 1`);
        return (result as unknown as { rows: { n: number; pad: string }[] }).rows;
      });
      expect(rows).toHaveLength(9001);
      expect(rows.every((r, i) => r.n === i + 1 && r.pad.length === (i + 1) % 7)).toBe(true);
      // Outside a transaction, and an exact multiple of the slice.
      const even = await db.execute(sql`select g as n from generate_series(1, 4000) g`);
      expect((even as unknown as { rows: { n: number }[] }).rows.map((r) => r.n)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
    });

    it("runs statements and transactions in order of arrival, and rolls back a failed transaction", async () => {
      const db = await getDb();
      const org = await organisation("Order");
      const finished: number[] = [];
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          (index % 4 === 3
            ? db.transaction(async (tx) => {
                await tx.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.id, org.id));
              })
            : db.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.id, org.id))
          ).then(() => finished.push(index)),
        ),
      );
      expect(finished).toEqual(Array.from({ length: 20 }, (_, i) => i));

      const failed = db.transaction(async (tx) => {
        await tx.update(t.organisations).set({ name: "Renamed" }).where(eq(t.organisations.id, org.id));
        throw new Error("changed my mind");
      });
      await expect(failed).rejects.toThrow("changed my mind");
      const [row] = await db.select({ name: t.organisations.name }).from(t.organisations).where(eq(t.organisations.id, org.id));
      expect(row!.name).toBe(org.name);
      // A database error comes back with Postgres's own fields.
      const error = await db.execute(sql`select 1/0`).catch((e: unknown) => e as Error & { cause?: { code?: string } });
      expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe("22012");
    });
  });
