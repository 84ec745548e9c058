import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import * as t from "@/lib/db/schema";
import { buildQuestionnaire } from "@/lib/framework";

/**
 * Builders for test data, shared by integration tests and the e2e fixtures route, so every test
 * builds its own organisation with unique names and e-mails and never leans on another test's rows.
 */

export function uniqueSuffix(): string {
  return crypto.randomUUID().slice(0, 8);
}

export type Role = "hr" | "manager" | "employee";

export async function createOrganisation(db: Executor, name = "Test Organisation") {
  const suffix = uniqueSuffix();
  const [org] = await db
    .insert(t.organisations)
    .values({ name: `${name} ${suffix}`, slug: `test-${suffix}` })
    .returning();
  return { ...org!, suffix };
}

export async function createTeam(db: Executor, organisationId: string, name: string) {
  const [team] = await db.insert(t.teams).values({ organisationId, name }).returning();
  return team!;
}

/** A person in the directory with a user account and the given roles (always "employee" too). */
export async function createPerson(
  db: Executor,
  organisationId: string,
  options: { name: string; email?: string; teamId?: string | null; lineManagerId?: string | null; roles?: Role[] },
) {
  const email = (options.email ?? `${options.name.toLowerCase().replace(/[^a-z]+/g, ".")}.${uniqueSuffix()}@example.test`).toLowerCase();
  const [existing] = await db.select().from(t.users).where(eq(t.users.email, email));
  const user = existing ?? (await db.insert(t.users).values({ name: options.name, email }).returning())[0]!;
  const [person] = await db
    .insert(t.people)
    .values({
      organisationId,
      name: options.name,
      email,
      teamId: options.teamId ?? null,
      lineManagerId: options.lineManagerId ?? null,
      userId: user.id,
    })
    .returning();
  const roles = new Set<Role>(["employee", ...(options.roles ?? [])]);
  await db
    .insert(t.memberships)
    .values([...roles].map((role) => ({ organisationId, userId: user.id, role })))
    .onConflictDoNothing();
  return { ...person!, user };
}

export async function createCycle(db: Executor, organisationId: string, options: Partial<typeof t.cycles.$inferInsert> = {}) {
  const now = Date.now();
  const questionnaire = buildQuestionnaire();
  const [cycle] = await db
    .insert(t.cycles)
    .values({
      organisationId,
      name: `Cycle ${uniqueSuffix()}`,
      status: "open",
      opensAt: new Date(now - 24 * 3600_000),
      closesAt: new Date(now + 14 * 24 * 3600_000),
      frameworkVersion: questionnaire.frameworkVersion,
      questionnaire,
      launchedAt: new Date(now - 24 * 3600_000),
      ...options,
    })
    .returning();
  return cycle!;
}

export async function createRequest(
  db: Executor,
  organisationId: string,
  cycleId: string,
  subjectPersonId: string,
  status: (typeof t.feedbackRequests.$inferInsert)["status"] = "nominating",
) {
  const [request] = await db.insert(t.feedbackRequests).values({ organisationId, cycleId, subjectPersonId, status }).returning();
  return request!;
}

/**
 * A small organisation: an HR person, a manager with three direct reports (a team of four), and
 * the manager's own line manager.
 */
export async function createSmallOrganisation(db: Executor) {
  const org = await createOrganisation(db);
  const team = await createTeam(db, org.id, "Platform");
  const director = await createPerson(db, org.id, { name: "Dana Director", roles: ["manager"] });
  const hr = await createPerson(db, org.id, { name: "Hana Hr", roles: ["hr"], lineManagerId: director.id });
  const manager = await createPerson(db, org.id, {
    name: "Max Manager",
    teamId: team.id,
    lineManagerId: director.id,
    roles: ["manager"],
  });
  const reports = [];
  for (const name of ["Rita Report", "Raj Report", "Rosa Report"]) {
    reports.push(await createPerson(db, org.id, { name, teamId: team.id, lineManagerId: manager.id }));
  }
  // The manager's peers: the director's other reports (HR included).
  const peers = [hr];
  for (const name of ["Pat Peer", "Paula Peer", "Pete Peer"]) {
    peers.push(await createPerson(db, org.id, { name, lineManagerId: director.id, roles: ["manager"] }));
  }
  return { organisation: org, team, director, hr, manager, reports, peers };
}
