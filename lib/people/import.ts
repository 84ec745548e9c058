import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit";
import type { Database, Executor } from "@/lib/db";
import { memberships, people, teams, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { changedBy } from "./provenance";
import {
  parseDirectoryCsvInSlices,
  validateDirectoryInSlices,
  type ExistingPerson,
  type ImportPlanRow,
  type ImportProblem,
} from "./import-rules";

export interface ImportPreview {
  ok: boolean;
  problems: ImportProblem[];
  counts: { rows: number; create: number; update: number; unchanged: number };
  /** The first rows, to show what the file was read as. */
  sample: ImportPlanRow[];
}

/** People read per page of the directory: one page parses in a few milliseconds. */
const DIRECTORY_PAGE = 1000;

/**
 * The organisation's directory as the import compares against it, read a page at a time (by
 * e-mail) with a turn of the event loop between pages: read whole, 10,000 people took one piece of
 * 20-30 ms to parse, on top of the checks (bench, issue 19, finding 4).
 */
async function existingDirectory(db: Executor, organisationId: string): Promise<ExistingPerson[]> {
  const out: ExistingPerson[] = [];
  let after = "";
  for (;;) {
    const page = await db
      .select({
        email: people.email,
        name: people.name,
        team: teams.name,
        managerEmail: sql<string | null>`(select m.email from people m where m.id = ${people.lineManagerId})`,
        active: people.active,
      })
      .from(people)
      .leftJoin(teams, eq(teams.id, people.teamId))
      .where(and(eq(people.organisationId, organisationId), gt(people.email, after)))
      .orderBy(asc(people.email))
      .limit(DIRECTORY_PAGE);
    out.push(...page);
    if (page.length < DIRECTORY_PAGE) return out;
    after = page[page.length - 1]!.email;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function check(db: Executor, organisationId: string, csv: string) {
  // Read and checked in slices with turns of the event loop between, so a 5,000-row file never
  // holds the server for other requests (issue 19, finding 4).
  const parsed = await parseDirectoryCsvInSlices(csv);
  const validated = await validateDirectoryInSlices(parsed.rows, await existingDirectory(db, organisationId));
  const problems = [...parsed.problems, ...validated.problems];
  if (parsed.rows.length === 0 && problems.length === 0) problems.push({ row: 0, field: "file", message: "The file has no people in it." });
  return { plan: validated.plan, problems };
}

export async function previewImport(db: Executor, viewer: HrViewer, csv: string): Promise<ImportPreview> {
  const { plan, problems } = await check(db, viewer.organisation.id, csv);
  return {
    ok: problems.length === 0,
    problems,
    counts: {
      rows: plan.length,
      create: plan.filter((p) => p.action === "create").length,
      update: plan.filter((p) => p.action === "update").length,
      unchanged: plan.filter((p) => p.action === "unchanged").length,
    },
    sample: plan.slice(0, 20),
  };
}

/**
 * Import a directory CSV: all or nothing, in one transaction, updating people by e-mail. A file
 * with any problem imports nothing. People not in the file are left as they are.
 */
export async function applyImport(db: Database, viewer: HrViewer, csv: string) {
  const organisationId = viewer.organisation.id;
  return db.transaction(async (tx) => {
    const now = new Date();
    const provenance = changedBy(viewer.userId, "imported", now);
    const { plan, problems } = await check(tx, organisationId, csv);
    if (problems.length) throw new AppError("invalid_input", `The file has ${problems.length} problem(s); nothing was imported.`);
    const changed = plan.filter((p) => p.action !== "unchanged");

    const teamNames = [...new Set(plan.map((p) => p.team).filter(Boolean))];
    if (teamNames.length)
      await tx
        .insert(teams)
        .values(teamNames.map((name) => ({ organisationId, name })))
        .onConflictDoNothing();
    const teamRows = teamNames.length
      ? await tx
          .select()
          .from(teams)
          .where(and(eq(teams.organisationId, organisationId), inArray(teams.name, teamNames)))
      : [];
    const teamId = new Map(teamRows.map((t) => [t.name, t.id]));

    const emails = changed.map((p) => p.email);
    if (emails.length) {
      await tx
        .insert(users)
        .values(changed.map((p) => ({ email: p.email, name: p.name })))
        .onConflictDoNothing();
      const userRows = await tx.select({ id: users.id, email: users.email }).from(users).where(inArray(users.email, emails));
      const userId = new Map(userRows.map((u) => [u.email, u.id]));
      await tx
        .insert(people)
        .values(
          changed.map((p) => ({
            organisationId,
            name: p.name,
            email: p.email,
            teamId: teamId.get(p.team) ?? null,
            userId: userId.get(p.email)!,
            active: true,
            ...provenance,
          })),
        )
        .onConflictDoUpdate({
          target: [people.organisationId, people.email],
          // Only rows whose name, team, line manager or active flag change are in `changed`, so
          // every row written here takes the importer as its provenance.
          set: {
            name: sql`excluded.name`,
            teamId: sql`excluded.team_id`,
            active: true,
            updatedAt: now,
            changedByUserId: provenance.changedByUserId,
            changedAt: provenance.changedAt,
            changeKind: provenance.changeKind,
          },
        });
      // Line managers, now that everyone exists: one statement for the whole file, not one per row.
      const managers = JSON.stringify(changed.map((p) => ({ email: p.email, manager: p.managerEmail || null })));
      await tx.execute(sql`update people p
        set line_manager_id = (select m.id from people m where m.organisation_id = ${organisationId} and m.email = x.manager)
        from jsonb_to_recordset(${managers}::jsonb) as x(email text, manager text)
        where p.organisation_id = ${organisationId} and p.email = x.email`);
      await tx
        .insert(memberships)
        .values(userRows.map((u) => ({ organisationId, userId: u.id, role: "employee" as const })))
        .onConflictDoNothing();
    }
    // Everyone with direct reports can ask for feedback as a manager.
    await tx.execute(sql`insert into memberships (organisation_id, user_id, role)
      select distinct ${organisationId}::uuid, m.user_id, 'manager'::membership_role from people m
      where m.organisation_id = ${organisationId} and m.user_id is not null and m.active
        and exists (select 1 from people r where r.line_manager_id = m.id and r.active)
      on conflict do nothing`);

    const counts = { created: plan.filter((p) => p.action === "create").length, updated: plan.filter((p) => p.action === "update").length };
    await recordAudit(tx, viewer, "directory.imported", "organisation", organisationId, counts);
    return counts;
  });
}
