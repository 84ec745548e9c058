import { and, asc, eq, ilike, ne, or, sql } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { withdrawSharesOfLeaver } from "@/lib/plans/sharing";
import { recordAudit } from "@/lib/audit";
import type { Database, Executor } from "@/lib/db";
import { memberships, people, sessions, teams, users } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { changedBy } from "./provenance";

/** The directory, as HR manages it. Every function is scoped to the viewer's organisation. */

export interface DirectoryEntry {
  id: string;
  name: string;
  email: string;
  team: string | null;
  managerId: string | null;
  managerName: string | null;
  active: boolean;
  roles: string[];
  reports: number;
}

export async function listDirectory(db: Executor, organisationId: string, query = "", personId?: string): Promise<DirectoryEntry[]> {
  const q = query.trim();
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .select({
      id: people.id,
      name: people.name,
      email: people.email,
      team: teams.name,
      managerId: people.lineManagerId,
      managerName: sql<string | null>`(select m.name from people m where m.id = ${people.lineManagerId})`,
      active: people.active,
      roles: sql<
        string[]
      >`coalesce((select array_agg(ms.role::text order by ms.role) from memberships ms where ms.user_id = ${people.userId} and ms.organisation_id = ${people.organisationId}), '{}')`,
      reports: sql<number>`(select count(*) from people r where r.line_manager_id = ${people.id} and r.active)`.mapWith(Number),
    })
    .from(people)
    .leftJoin(teams, eq(teams.id, people.teamId))
    .where(
      and(
        eq(people.organisationId, organisationId),
        personId ? eq(people.id, personId) : undefined,
        q ? or(ilike(people.name, pattern), ilike(people.email, pattern), ilike(teams.name, pattern)) : undefined,
      ),
    )
    .orderBy(asc(people.name));
  return rows;
}

/** A person of the viewer's organisation, read in the caller's transaction; anyone else's is a 404. */
export async function personOf(db: Executor, organisationId: string, personId: string) {
  const [person] = await db
    .select()
    .from(people)
    .where(and(eq(people.id, personId), eq(people.organisationId, organisationId)));
  if (!person) throw notFound("That person");
  return person;
}

export async function getPerson(db: Executor, organisationId: string, personId: string): Promise<DirectoryEntry> {
  if (!isUuid(personId)) throw notFound("That person");
  const [entry] = await listDirectory(db, organisationId, "", personId);
  if (!entry) throw notFound("That person");
  return entry;
}

async function teamIdFor(db: Executor, organisationId: string, name: string): Promise<string | null> {
  if (!name) return null;
  await db.insert(teams).values({ organisationId, name }).onConflictDoNothing();
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organisationId, organisationId), eq(teams.name, name)));
  return team!.id;
}

/** A line manager must be an active person of the organisation, and no reporting loop may form. */
async function checkManager(db: Executor, organisationId: string, personId: string | null, managerId: string): Promise<void> {
  if (!managerId) return;
  const chain: string[] = [];
  let current: string | null = managerId;
  while (current) {
    if (current === personId) {
      throw new AppError("invalid_input", "That would create a reporting loop.", { managerId: ["That would create a reporting loop."] });
    }
    if (chain.includes(current)) break;
    chain.push(current);
    const [row] = await db
      .select({ id: people.id, next: people.lineManagerId, active: people.active })
      .from(people)
      .where(and(eq(people.id, current), eq(people.organisationId, organisationId)));
    if (!row || (chain.length === 1 && !row.active)) {
      throw new AppError("invalid_input", "Choose an active line manager from the directory.", {
        managerId: ["Choose a line manager from the list."],
      });
    }
    current = row.next;
  }
}

export async function addPerson(db: Database, viewer: HrViewer, input: { name: string; email: string; team: string; managerId: string }) {
  const organisationId = viewer.organisation.id;
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.organisationId, organisationId), eq(people.email, input.email)));
    if (taken)
      throw new AppError("conflict", "Someone with that e-mail is already in the directory.", { email: ["Already in the directory."] });
    await checkManager(tx, organisationId, null, input.managerId);
    await tx.insert(users).values({ email: input.email, name: input.name }).onConflictDoNothing();
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    const [person] = await tx
      .insert(people)
      .values({
        organisationId,
        name: input.name,
        email: input.email,
        teamId: await teamIdFor(tx, organisationId, input.team),
        lineManagerId: input.managerId || null,
        userId: user!.id,
        ...changedBy(viewer.userId, "added"),
      })
      .returning({ id: people.id });
    await tx.insert(memberships).values({ organisationId, userId: user!.id, role: "employee" }).onConflictDoNothing();
    await recordAudit(tx, viewer, "person.added", "person", person!.id);
    return person!.id;
  });
}

export async function editPerson(
  db: Database,
  viewer: HrViewer,
  input: { personId: string; name: string; team: string; managerId: string },
) {
  const organisationId = viewer.organisation.id;
  return db.transaction(async (tx) => {
    const before = await personOf(tx, organisationId, input.personId);
    await checkManager(tx, organisationId, input.personId, input.managerId);
    const teamId = await teamIdFor(tx, organisationId, input.team);
    const lineManagerId = input.managerId || null;
    // Saving the form unchanged is not a change: it neither takes over nor records provenance.
    const changed = before.name !== input.name || before.teamId !== teamId || before.lineManagerId !== lineManagerId;
    await tx
      .update(people)
      .set({
        name: input.name,
        teamId,
        lineManagerId,
        updatedAt: new Date(),
        ...(changed ? changedBy(viewer.userId, "edited") : {}),
      })
      .where(and(eq(people.id, input.personId), eq(people.organisationId, organisationId)));
    await recordAudit(tx, viewer, "person.edited", "person", input.personId);
  });
}

/**
 * Deactivating removes access to this organisation at once: every request resolves the caller's
 * viewer from the directory, and a deactivated entry closes that organisation to them. Sessions are
 * the user's, not the organisation's (ADR 6): they are deleted only when no organisation is left
 * where the user is an active member, so one organisation's HR never signs a user out of another.
 */
export async function setPersonActive(db: Database, viewer: HrViewer, personId: string, active: boolean) {
  const organisationId = viewer.organisation.id;
  return db.transaction(async (tx) => {
    const person = await personOf(tx, organisationId, personId);
    if (!active && person.userId === viewer.userId) throw new AppError("conflict", "You cannot deactivate yourself.");
    const reactivated = active && !person.active;
    await tx
      .update(people)
      .set({ active, updatedAt: new Date(), ...(reactivated ? changedBy(viewer.userId, "reactivated") : {}) })
      .where(eq(people.id, personId));
    if (!active && person.userId) await endSessionsUnlessActiveElsewhere(tx, person.userId, organisationId);
    if (!active && person.active) await withdrawSharesOfLeaver(tx, organisationId, personId);
    await recordAudit(tx, viewer, active ? "person.reactivated" : "person.deactivated", "person", personId);
  });
}

/**
 * A user's access to `organisationId` has just ended (deactivated by HR or by directory sync): their
 * sessions go only when no other organisation is left where they are an active member (ADR 6).
 */
export async function endSessionsUnlessActiveElsewhere(tx: Executor, userId: string, organisationId: string): Promise<void> {
  const [elsewhere] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        ne(memberships.organisationId, organisationId),
        sql`not exists (select 1 from people p where p.organisation_id = ${memberships.organisationId}
          and p.user_id = ${memberships.userId} and not p.active)`,
      ),
    )
    .limit(1);
  if (!elsewhere) await tx.delete(sessions).where(eq(sessions.userId, userId));
}

/** Grant or take away HR and manager roles. There is always at least one HR person left. */
export async function setPersonRoles(db: Database, viewer: HrViewer, personId: string, roles: { hr: boolean; manager: boolean }) {
  const organisationId = viewer.organisation.id;
  return db.transaction(async (tx) => {
    const person = await personOf(tx, organisationId, personId);
    if (!person.userId) throw notFound("That person");
    const current = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, person.userId)));
    const has = new Set(current.map((r) => r.role));
    for (const [role, wanted] of [
      ["hr", roles.hr],
      ["manager", roles.manager],
    ] as const) {
      if (wanted && !has.has(role)) {
        await tx.insert(memberships).values({ organisationId, userId: person.userId, role }).onConflictDoNothing();
        await recordAudit(tx, viewer, "role.granted", "person", personId, { role });
      }
      if (!wanted && has.has(role)) {
        if (role === "hr") {
          const [others] = await tx
            .select({ n: sql<number>`count(*)`.mapWith(Number) })
            .from(memberships)
            .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "hr"), ne(memberships.userId, person.userId)));
          if (!others?.n) throw new AppError("conflict", "The organisation needs at least one HR person: grant HR to someone else first.");
        }
        await tx
          .delete(memberships)
          .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, person.userId), eq(memberships.role, role)));
        await recordAudit(tx, viewer, "role.revoked", "person", personId, { role });
      }
    }
  });
}

export async function listTeams(db: Executor, organisationId: string) {
  return db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.organisationId, organisationId)).orderBy(asc(teams.name));
}
