import { and, asc, count, eq, inArray, isNotNull, ne, sql, type SQL } from "drizzle-orm";
import type { ScimPatchOperation } from "scim-patch";
import { recordAudit } from "@/lib/audit";
import type { Database, Executor } from "@/lib/db";
import { people, reportSnapshots, teams } from "@/lib/db/schema";
import { isUuid } from "@/lib/ids";
import { changedBy } from "@/lib/people/provenance";
import { equalityFilter, GROUP_SCHEMA, listResponse, pagingOf, ScimError, scimNotFound } from "./protocol";
import { patchOperationsOf } from "./patch";
import { applyPatch } from "./users";
import type { ScimCaller } from "./tokens";

/**
 * SCIM Groups are teams. A person belongs to at most one team, so adding someone to a group moves
 * them out of their previous team, and removing them leaves them without one.
 */

const MAX_NAME = 80; // as the import's team rule

interface TeamRow {
  id: string;
  name: string;
  createdAt: Date;
}

function toScimGroup(team: TeamRow, members: { id: string; name: string }[] | null, baseUrl: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: team.id,
    displayName: team.name,
    ...(members ? { members: members.map((m) => ({ value: m.id, display: m.name, $ref: `${baseUrl}/Users/${m.id}` })) } : {}),
    meta: { resourceType: "Group", created: team.createdAt.toISOString(), location: `${baseUrl}/Groups/${team.id}` },
  };
}

async function teamRow(db: Executor, organisationId: string, id: string): Promise<TeamRow> {
  if (!isUuid(id)) throw scimNotFound("Group");
  const [row] = await db
    .select({ id: teams.id, name: teams.name, createdAt: teams.createdAt })
    .from(teams)
    .where(and(eq(teams.id, id), eq(teams.organisationId, organisationId)));
  if (!row) throw scimNotFound("Group");
  return row;
}

async function membersOf(db: Executor, organisationId: string, teamIds: string[]) {
  if (!teamIds.length) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .select({ id: people.id, name: people.name, teamId: people.teamId })
    .from(people)
    .where(and(eq(people.organisationId, organisationId), inArray(people.teamId, teamIds)))
    .orderBy(asc(people.name));
  const out = new Map<string, { id: string; name: string }[]>(teamIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.teamId!)!.push({ id: r.id, name: r.name });
  return out;
}

/** `excludedAttributes=members` (Entra ID asks for it): leave the member lists out. */
const wantsMembers = (params: URLSearchParams) =>
  !(params.get("excludedAttributes") ?? "").split(",").some((a) => a.trim().toLowerCase() === "members");

export async function getGroup(db: Executor, caller: ScimCaller, id: string, params = new URLSearchParams()) {
  const team = await teamRow(db, caller.organisationId, id);
  const members = wantsMembers(params) ? (await membersOf(db, caller.organisationId, [team.id])).get(team.id)! : null;
  return toScimGroup(team, members, caller.baseUrl);
}

export async function listGroups(db: Executor, caller: ScimCaller, params: URLSearchParams) {
  const filter = equalityFilter(params.get("filter"), ["displayName", "id", "externalId"]);
  const { startIndex, count: size } = pagingOf(params);
  let where: SQL | undefined;
  if (filter?.attribute === "displayName") where = eq(teams.name, String(filter.value).trim());
  else if (filter?.attribute === "id") where = isUuid(filter.value) ? eq(teams.id, filter.value) : sql`false`;
  else if (filter) where = sql`false`; // teams keep no external id
  const scope = and(eq(teams.organisationId, caller.organisationId), where);
  const [total] = await db.select({ n: count() }).from(teams).where(scope);
  const rows =
    size === 0
      ? []
      : await db
          .select({ id: teams.id, name: teams.name, createdAt: teams.createdAt })
          .from(teams)
          .where(scope)
          .orderBy(asc(teams.createdAt), asc(teams.id))
          .offset(startIndex - 1)
          .limit(size);
  const members = wantsMembers(params)
    ? await membersOf(
        db,
        caller.organisationId,
        rows.map((r) => r.id),
      )
    : null;
  return listResponse(
    rows.map((r) => toScimGroup(r, members ? members.get(r.id)! : null, caller.baseUrl)),
    total?.n ?? 0,
    startIndex,
  );
}

interface GroupChange {
  displayName: string;
  memberIds: string[] | undefined;
}

function groupChangeOf(body: unknown, mode: "sent" | "patched"): GroupChange {
  if (typeof body !== "object" || body === null) throw new ScimError(400, "The request body must be a JSON object.", "invalidSyntax");
  const b = body as Record<string, unknown>;
  if (mode === "sent" && !(Array.isArray(b.schemas) && b.schemas.includes(GROUP_SCHEMA)))
    throw new ScimError(400, `schemas must include ${GROUP_SCHEMA}.`, "invalidSyntax");
  const displayName = typeof b.displayName === "string" ? b.displayName.trim() : "";
  if (!displayName) throw new ScimError(400, "displayName is required.", "invalidValue");
  if (displayName.length > MAX_NAME) throw new ScimError(400, `displayName is longer than ${MAX_NAME} characters.`, "invalidValue");
  let memberIds: string[] | undefined;
  if (Array.isArray(b.members)) {
    memberIds = b.members.map((m) => {
      const value = typeof m === "object" && m !== null ? (m as Record<string, unknown>).value : undefined;
      if (typeof value !== "string") throw new ScimError(400, "Each member needs a value (the user's id).", "invalidValue");
      return value;
    });
  } else if (mode === "patched") memberIds = [];
  return { displayName, memberIds };
}

async function assertNameFree(db: Executor, organisationId: string, name: string, teamId: string | null) {
  const [taken] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organisationId, organisationId), eq(teams.name, name), teamId ? ne(teams.id, teamId) : undefined));
  if (taken) throw new ScimError(409, "A group with that displayName already exists.", "uniqueness");
}

/** Set the team's members to exactly `memberIds`: one statement each way, whatever the team's size. */
async function setMembers(tx: Executor, caller: ScimCaller, teamId: string, memberIds: string[]) {
  const ids = [...new Set(memberIds)];
  if (ids.some((id) => !isUuid(id))) throw new ScimError(400, "A member is not a user of this organisation.", "invalidValue");
  const organisationId = caller.organisationId;
  if (ids.length) {
    const [found] = await tx
      .select({ n: count() })
      .from(people)
      .where(and(eq(people.organisationId, organisationId), inArray(people.id, ids)));
    if ((found?.n ?? 0) !== ids.length) throw new ScimError(400, "A member is not a user of this organisation.", "invalidValue");
  }
  const provenance = changedBy(caller.createdByUserId, "provisioned");
  const now = new Date();
  const left = await tx
    .update(people)
    .set({ teamId: null, updatedAt: now, ...provenance })
    .where(
      and(
        eq(people.organisationId, organisationId),
        eq(people.teamId, teamId),
        ids.length
          ? sql`${people.id} not in (${sql.join(
              ids.map((i) => sql`${i}::uuid`),
              sql`, `,
            )})`
          : undefined,
      ),
    )
    .returning({ id: people.id });
  const joined = ids.length
    ? await tx
        .update(people)
        .set({ teamId, updatedAt: now, ...provenance })
        .where(
          and(eq(people.organisationId, organisationId), inArray(people.id, ids), sql`${people.teamId} is distinct from ${teamId}::uuid`),
        )
        .returning({ id: people.id })
    : [];
  return { added: joined.length, removed: left.length };
}

const auditActor = (caller: ScimCaller) => ({ userId: caller.createdByUserId, organisation: { id: caller.organisationId } });

export async function createGroup(db: Database, caller: ScimCaller, body: unknown) {
  const change = groupChangeOf(body, "sent");
  const id = await db.transaction(async (tx) => {
    await assertNameFree(tx, caller.organisationId, change.displayName, null);
    const [team] = await tx
      .insert(teams)
      .values({ organisationId: caller.organisationId, name: change.displayName })
      .returning({ id: teams.id });
    const counts = change.memberIds ? await setMembers(tx, caller, team!.id, change.memberIds) : { added: 0, removed: 0 };
    await recordAudit(tx, auditActor(caller), "scim.team.created", "team", team!.id, { added: counts.added });
    return team!.id;
  });
  return getGroup(db, caller, id);
}

async function applyGroupChange(tx: Executor, caller: ScimCaller, team: TeamRow, change: GroupChange) {
  const renamed = change.displayName !== team.name;
  if (renamed) {
    await assertNameFree(tx, caller.organisationId, change.displayName, team.id);
    await tx.update(teams).set({ name: change.displayName }).where(eq(teams.id, team.id));
  }
  const counts = change.memberIds ? await setMembers(tx, caller, team.id, change.memberIds) : { added: 0, removed: 0 };
  if (renamed || counts.added || counts.removed)
    await recordAudit(tx, auditActor(caller), "scim.team.updated", "team", team.id, {
      ...(renamed ? { fields: "displayName" } : {}),
      ...counts,
    });
}

export async function replaceGroup(db: Database, caller: ScimCaller, id: string, body: unknown) {
  const change = groupChangeOf(body, "sent");
  await db.transaction(async (tx) => applyGroupChange(tx, caller, await teamRow(tx, caller.organisationId, id), change));
  return getGroup(db, caller, id);
}

export async function patchGroup(db: Database, caller: ScimCaller, id: string, body: unknown) {
  const operations = patchOperationsOf(body);
  await db.transaction(async (tx) => {
    const team = await teamRow(tx, caller.organisationId, id);
    const members = (await membersOf(tx, caller.organisationId, [team.id])).get(team.id)!;
    const patched = applyPatch(toScimGroup(team, members, caller.baseUrl), operations.flatMap(removalsByValue));
    await applyGroupChange(tx, caller, team, groupChangeOf(patched, "patched"));
  });
}

/**
 * Entra ID removes members as `{"op":"Remove","path":"members","value":[{"value":id}]}`. scim-patch
 * compares such values whole, and our members also carry `display` and `$ref`, so each is turned
 * into the equivalent `members[value eq "id"]` removal (RFC 7644 §3.5.2.2).
 */
function removalsByValue(op: ScimPatchOperation): ScimPatchOperation[] {
  if (op.op !== "remove" || op.path?.toLowerCase() !== "members" || !Array.isArray(op.value)) return [op];
  return op.value.map((m) => {
    const value = typeof m === "object" && m !== null ? (m as Record<string, unknown>).value : undefined;
    if (typeof value !== "string" || !isUuid(value)) throw new ScimError(400, "Each member needs a value (the user's id).", "invalidValue");
    return { op: "remove", path: `members[value eq "${value}"]` };
  });
}

/**
 * A team that released reports were frozen with stays (a report's team is part of what it
 * published: removing it would move those reports between dashboard groups). Any other is deleted;
 * its members are left without a team.
 */
export async function deleteGroup(db: Database, caller: ScimCaller, id: string) {
  await db.transaction(async (tx) => {
    const team = await teamRow(tx, caller.organisationId, id);
    const [frozen] = await tx
      .select({ id: reportSnapshots.id })
      .from(reportSnapshots)
      .where(and(isNotNull(reportSnapshots.teamId), eq(reportSnapshots.teamId, team.id)))
      .limit(1);
    if (frozen) throw new ScimError(409, "This team has released reports and stays in Twofold; remove its members instead.", "mutability");
    await setMembers(tx, caller, team.id, []);
    await tx.delete(teams).where(eq(teams.id, team.id));
    await recordAudit(tx, auditActor(caller), "scim.team.deleted", "team", team.id);
  });
}
