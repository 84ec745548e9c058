import { and, asc, count, eq, ne, sql, type SQL } from "drizzle-orm";
import { scimPatch, type ScimPatchOperation } from "scim-patch";
import { recordAudit } from "@/lib/audit";
import type { Database, Executor } from "@/lib/db";
import { rowsOf } from "@/lib/db/client";
import { memberships, people, teams, users } from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";
import { endSessionsUnlessActiveElsewhere } from "@/lib/people/admin";
import { withdrawSharesOfLeaver } from "@/lib/plans/sharing";
import { validateDirectory, type ExistingPerson } from "@/lib/people/import-rules";
import { changedBy } from "@/lib/people/provenance";
import { equalityFilter, listResponse, pagingOf, ScimError, scimNotFound } from "./protocol";
import { patchOperationsOf } from "./patch";
import { toScimUser, userChangeOf, type PersonResourceRow, type UserChange } from "./user-resource";
import type { ScimCaller } from "./tokens";

/**
 * SCIM Users over the directory. Every change goes through the CSV import's rules
 * (lib/people/import-rules.ts: names, e-mail addresses, a line manager who is an active person of
 * the organisation, no reporting loops) and the directory's own deactivation (ADR 6). Each request
 * reads only the person, the one address it may collide with, and the new line manager's chain of
 * managers: linear in the depth of the reporting line, never a scan of the directory.
 */

const columns = {
  id: people.id,
  name: people.name,
  email: people.email,
  externalId: people.externalId,
  active: people.active,
  team: teams.name,
  managerId: people.lineManagerId,
  createdAt: people.createdAt,
  updatedAt: people.updatedAt,
};

function select(db: Executor, organisationId: string, where?: SQL) {
  return db
    .select(columns)
    .from(people)
    .leftJoin(teams, eq(teams.id, people.teamId))
    .where(and(eq(people.organisationId, organisationId), where));
}

async function personRow(db: Executor, organisationId: string, id: string): Promise<PersonResourceRow> {
  if (!isUuid(id)) throw scimNotFound("User");
  const [row] = await select(db, organisationId, eq(people.id, id));
  if (!row) throw scimNotFound("User");
  return row;
}

export async function getUser(db: Executor, caller: ScimCaller, id: string) {
  return toScimUser(await personRow(db, caller.organisationId, id), caller.baseUrl);
}

export async function listUsers(db: Executor, caller: ScimCaller, params: URLSearchParams) {
  const filter = equalityFilter(params.get("filter"), ["userName", "externalId", "id", "emails.value"]);
  const { startIndex, count: size } = pagingOf(params);
  let where: SQL | undefined;
  if (filter) {
    const value = String(filter.value);
    if (filter.attribute === "userName" || filter.attribute === "emails.value") where = eq(people.email, value.trim().toLowerCase());
    else if (filter.attribute === "externalId") where = eq(people.externalId, value);
    else where = isUuid(value) ? eq(people.id, value) : sql`false`;
  }
  const [total] = await db
    .select({ n: count() })
    .from(people)
    .where(and(eq(people.organisationId, caller.organisationId), where));
  const rows =
    size === 0
      ? []
      : await select(db, caller.organisationId, where)
          .orderBy(asc(people.createdAt), asc(people.id))
          .offset(startIndex - 1)
          .limit(size);
  return listResponse(
    rows.map((r) => toScimUser(r, caller.baseUrl)),
    total?.n ?? 0,
    startIndex,
  );
}

/** The line manager's chain upwards, with one recursive query (UNION stops on any loop already stored). */
async function managerChain(db: Executor, organisationId: string, managerId: string) {
  return rowsOf<{ id: string; email: string; name: string; active: boolean; next: string | null }>(
    db,
    sql`
    with recursive chain(id, email, name, active, next) as (
      select p.id, p.email, p.name, p.active, p.line_manager_id from people p
      where p.id = ${managerId} and p.organisation_id = ${organisationId}
      union
      select p.id, p.email, p.name, p.active, p.line_manager_id from people p
      join chain c on p.id = c.next where p.organisation_id = ${organisationId}
    ) select * from chain`,
  );
}

/**
 * Check a change with the import's rules: the person as one row of a file, against the part of the
 * directory the row can reach (their new line manager and that manager's managers, with the person
 * themselves at their new address).
 */
async function checkChange(db: Executor, organisationId: string, personId: string | null, change: UserChange) {
  let managerEmail = "";
  const existing: ExistingPerson[] = [];
  if (change.managerId) {
    if (!isUuid(change.managerId)) throw new ScimError(400, "The line manager is not a user of this organisation.", "invalidValue");
    const chain = await managerChain(db, organisationId, change.managerId);
    if (!chain.length) throw new ScimError(400, "The line manager is not a user of this organisation.", "invalidValue");
    const emailOf = new Map(chain.map((c) => [c.id, c.id === personId ? change.email : c.email]));
    managerEmail = emailOf.get(change.managerId)!;
    for (const c of chain) {
      existing.push({
        email: emailOf.get(c.id)!,
        name: c.name,
        team: null,
        managerEmail: c.next ? (emailOf.get(c.next) ?? null) : null,
        active: c.id === personId ? change.active : c.active,
      });
    }
  }
  const row = { row: 1, name: change.name, email: change.email, team: change.team ?? "", managerEmail };
  const { problems } = validateDirectory([row], existing);
  if (problems.length) {
    const detail = problems
      .map((p) =>
        p.field === "manager" && p.message.includes("neither in this file")
          ? "The line manager must be an active user of this organisation."
          : p.message,
      )
      .join(" ");
    throw new ScimError(400, detail, "invalidValue");
  }
}

async function assertUnique(db: Executor, organisationId: string, personId: string | null, change: UserChange) {
  const others = (column: SQL) => and(eq(people.organisationId, organisationId), column, personId ? ne(people.id, personId) : undefined);
  const [email] = await db
    .select({ id: people.id })
    .from(people)
    .where(others(eq(people.email, change.email)))
    .limit(1);
  if (email) throw new ScimError(409, "A user with that userName already exists.", "uniqueness");
  if (change.externalId) {
    const [external] = await db
      .select({ id: people.id })
      .from(people)
      .where(others(eq(people.externalId, change.externalId)))
      .limit(1);
    if (external) throw new ScimError(409, "A user with that externalId already exists.", "uniqueness");
  }
}

async function teamIdFor(db: Executor, organisationId: string, name: string | null): Promise<string | null> {
  if (!name) return null;
  await db.insert(teams).values({ organisationId, name }).onConflictDoNothing();
  const [team] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organisationId, organisationId), eq(teams.name, name)));
  return team!.id;
}

async function userIdFor(db: Executor, email: string, name: string): Promise<string> {
  await db.insert(users).values({ email, name }).onConflictDoNothing();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return user!.id;
}

/** As the import does: everyone with direct reports can ask for feedback as a manager. */
async function grantManagerRole(db: Executor, organisationId: string, managerId: string) {
  await db.execute(sql`insert into memberships (organisation_id, user_id, role)
    select ${organisationId}::uuid, m.user_id, 'manager'::membership_role from people m
    where m.id = ${managerId} and m.organisation_id = ${organisationId} and m.user_id is not null and m.active
    on conflict do nothing`);
}

const auditActor = (caller: ScimCaller) => ({ userId: caller.createdByUserId, organisation: { id: caller.organisationId } });

export async function createUser(db: Database, caller: ScimCaller, body: unknown) {
  const change = userChangeOf(body, "sent");
  const organisationId = caller.organisationId;
  const id = await db.transaction(async (tx) => {
    await assertUnique(tx, organisationId, null, change);
    await checkChange(tx, organisationId, null, change);
    const userId = await userIdFor(tx, change.email, change.name);
    const [person] = await tx
      .insert(people)
      .values({
        organisationId,
        name: change.name,
        email: change.email,
        externalId: change.externalId ?? null,
        teamId: await teamIdFor(tx, organisationId, change.team ?? null),
        lineManagerId: change.managerId ?? null,
        userId,
        active: change.active,
        // The token's creator answers for what their token provisions: a subject who is also HR
        // cannot add "colleagues" through directory sync to skip approval (lib/people/provenance.ts).
        ...changedBy(caller.createdByUserId, "provisioned"),
      })
      .returning({ id: people.id });
    await tx.insert(memberships).values({ organisationId, userId, role: "employee" }).onConflictDoNothing();
    if (change.managerId) await grantManagerRole(tx, organisationId, change.managerId);
    await recordAudit(tx, auditActor(caller), "scim.person.created", "person", person!.id, change.active ? {} : { active: false });
    return person!.id;
  });
  return toScimUser(await personRow(db, organisationId, id), caller.baseUrl);
}

/** Bring a person to `change` (PUT, PATCH, DELETE all end here). */
async function applyChange(tx: Executor, caller: ScimCaller, id: string, change: UserChange) {
  const organisationId = caller.organisationId;
  const [before] = await tx
    .select()
    .from(people)
    .where(and(eq(people.id, id), eq(people.organisationId, organisationId)))
    .for("update");
  if (!before) throw scimNotFound("User");
  await assertUnique(tx, organisationId, id, change);
  const beforeTeam = before.teamId;
  const wanted = {
    name: change.name,
    email: change.email,
    externalId: change.externalId === undefined ? before.externalId : change.externalId,
    lineManagerId: change.managerId === undefined ? before.lineManagerId : change.managerId,
    teamId: change.team === undefined ? beforeTeam : await teamIdFor(tx, organisationId, change.team),
    active: change.active,
  };
  const fields = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((k) => wanted[k] !== before[k]);
  if (!fields.length) return;
  // Only what changed is checked against the rules: an unchanged line manager who has since left
  // does not block renaming their report.
  await checkChange(tx, organisationId, id, {
    ...change,
    managerId: fields.includes("lineManagerId") ? wanted.lineManagerId : null,
  });
  let userId = before.userId;
  if (fields.includes("email") && before.userId && (await isHrHere(tx, organisationId, before.userId))) {
    // Moving an address moves the account's roles with it: through a token that would hand HR's
    // rights to any address the identity provider (or whoever holds the token) chooses.
    throw new ScimError(
      400,
      "This user is HR in Twofold: their userName (sign-in address) can be changed only by another HR person in Twofold, not by directory sync.",
      "mutability",
    );
  }
  if (change.active && !before.active && before.userId && (await isHrHere(tx, organisationId, before.userId))) {
    // Reactivating someone gives back every right they hold here: for an HR person that is HR's,
    // which a token (made by another HR person) must not hand back to someone HR switched off.
    throw new ScimError(
      400,
      "This user is HR in Twofold: they can be reactivated only by another HR person in Twofold, not by directory sync.",
      "mutability",
    );
  }
  if (fields.includes("email")) {
    // A new sign-in address is a different account (users are global, ADR 6): this organisation's
    // roles move to it, and the old address keeps no way into this organisation.
    userId = await userIdFor(tx, change.email, change.name);
    if (before.userId) {
      await tx.execute(sql`insert into memberships (organisation_id, user_id, role)
        select organisation_id, ${userId}, role from memberships where organisation_id = ${organisationId} and user_id = ${before.userId}
        on conflict do nothing`);
      await tx.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, before.userId)));
    } else {
      await tx.insert(memberships).values({ organisationId, userId, role: "employee" }).onConflictDoNothing();
    }
  }
  const reactivated = change.active && !before.active;
  const provenanceFields = fields.filter((f) => f !== "active" && f !== "externalId");
  await tx
    .update(people)
    .set({
      ...wanted,
      userId,
      updatedAt: new Date(),
      ...(provenanceFields.length || reactivated ? changedBy(caller.createdByUserId, "provisioned") : {}),
    })
    .where(eq(people.id, id));
  if (fields.includes("email") && before.userId) await endSessionsUnlessActiveElsewhere(tx, before.userId, organisationId);
  if (!change.active && before.active && userId) await endSessionsUnlessActiveElsewhere(tx, userId, organisationId);
  if (!change.active && before.active) await withdrawSharesOfLeaver(tx, organisationId, before.id);
  if (wanted.lineManagerId && fields.includes("lineManagerId")) await grantManagerRole(tx, organisationId, wanted.lineManagerId);
  const edited = fields.filter((f) => f !== "active");
  if (edited.length) await recordAudit(tx, auditActor(caller), "scim.person.updated", "person", id, { fields: edited.join(", ") });
  if (fields.includes("active"))
    await recordAudit(tx, auditActor(caller), change.active ? "scim.person.reactivated" : "scim.person.deactivated", "person", id);
}

export async function replaceUser(db: Database, caller: ScimCaller, id: string, body: unknown) {
  if (!isUuid(id)) throw scimNotFound("User");
  const change = userChangeOf(body, "sent");
  await db.transaction((tx) => applyChange(tx, caller, id, change));
  return getUser(db, caller, id);
}

export async function patchUser(db: Database, caller: ScimCaller, id: string, body: unknown) {
  const operations = patchOperationsOf(body);
  await db.transaction(async (tx) => {
    const current = toScimUser(await personRow(tx, caller.organisationId, id), caller.baseUrl);
    const patched = applyPatch(current, operations);
    await applyChange(tx, caller, id, userChangeOf(patched, "patched"));
  });
  return getUser(db, caller, id);
}

/** DELETE deactivates: answers, reports and the history stay; the person loses access (ADR 6). */
export async function deleteUser(db: Database, caller: ScimCaller, id: string) {
  await db.transaction(async (tx) => {
    const current = await personRow(tx, caller.organisationId, id);
    await applyChange(tx, caller, id, {
      email: current.email,
      name: current.name,
      active: false,
      externalId: undefined,
      managerId: undefined,
      team: undefined,
    });
  });
}

export function applyPatch<T extends object>(resource: T, operations: ScimPatchOperation[]): T {
  try {
    return scimPatch(resource as never, operations, { mutateDocument: false, treatMissingAsAdd: true }) as T;
  } catch (error) {
    const scimType = (error as { scimType?: string }).scimType;
    throw new ScimError(400, "The PATCH operations could not be applied.", scimType === "noTarget" ? "noTarget" : "invalidPath");
  }
}

async function isHrHere(tx: Executor, organisationId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql<number>`1` })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId), eq(memberships.role, "hr")))
    .limit(1);
  return Boolean(row);
}
