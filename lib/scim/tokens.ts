import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { HrViewer } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit";
import type { Database, Executor } from "@/lib/db";
import { scimTokens } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { generateToken, hashToken } from "@/lib/tokens";

/**
 * Bearer tokens for directory sync. HR creates one per identity provider, sees it once, and can
 * revoke it; only its SHA-256 is stored. A request is matched by looking the hash up (an index
 * look-up, not a string comparison an attacker could time), and a token reaches only its own
 * organisation: every SCIM query is scoped by the caller's organisationId.
 */

export interface ScimCaller {
  organisationId: string;
  tokenId: string;
  /** HR who created the token: directory changes made with it are theirs (provenance, audit). */
  createdByUserId: string | null;
  /** The SCIM base URL, for `location` and `$ref` (…/api/scim/v2). */
  baseUrl: string;
}

/** Tokens start with this, so a secret scanner (and a person) can tell what a leaked one is. */
export const TOKEN_PREFIX = "twofold_scim_";

export async function createScimToken(db: Database, viewer: HrViewer, label: string) {
  const token = `${TOKEN_PREFIX}${generateToken()}`;
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(scimTokens)
      .values({ organisationId: viewer.organisation.id, label, tokenHash: hashToken(token), createdByUserId: viewer.userId })
      .returning({ id: scimTokens.id });
    await recordAudit(tx, viewer, "scim.token.created", "scim_token", row!.id);
    return row!.id;
  });
  return { id, token };
}

/**
 * Whether the HR person who created the token still is HR of its organisation: changes made with
 * the token are recorded as theirs, so a token outlives neither their HR role, nor their entry's
 * deactivation, nor their erasure (which removes the membership, or the user and so the creator).
 * A token without a creator answers for nobody and works for nobody.
 */
function creatorIsHr(): SQL {
  return sql`(exists (select 1 from memberships m where m.user_id = ${scimTokens.createdByUserId}
      and m.organisation_id = ${scimTokens.organisationId} and m.role = 'hr')
    and not exists (select 1 from people p where p.user_id = ${scimTokens.createdByUserId}
      and p.organisation_id = ${scimTokens.organisationId} and not p.active))`;
}

export async function listScimTokens(db: Executor, organisationId: string) {
  return db
    .select({
      id: scimTokens.id,
      label: scimTokens.label,
      createdAt: scimTokens.createdAt,
      lastUsedAt: scimTokens.lastUsedAt,
      revokedAt: scimTokens.revokedAt,
      creatorIsHr: sql<boolean>`coalesce(${creatorIsHr()}, false)`.mapWith(Boolean),
    })
    .from(scimTokens)
    .where(eq(scimTokens.organisationId, organisationId))
    .orderBy(desc(scimTokens.createdAt));
}

export async function revokeScimToken(db: Database, viewer: HrViewer, tokenId: string) {
  if (!isUuid(tokenId)) throw notFound("That token");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(scimTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(scimTokens.id, tokenId), eq(scimTokens.organisationId, viewer.organisation.id), isNull(scimTokens.revokedAt)))
      .returning({ id: scimTokens.id });
    if (!row) throw notFound("That token");
    await recordAudit(tx, viewer, "scim.token.revoked", "scim_token", tokenId);
  });
}

/**
 * The caller a bearer token stands for, or null for a missing, unknown or revoked one, or one whose
 * creator is no longer HR of its organisation (all the same 401).
 */
export async function authenticateScim(db: Executor, authorization: string | null, baseUrl: string): Promise<ScimCaller | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match || match[1]!.length > 200) return null;
  const [row] = await db
    .update(scimTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(scimTokens.tokenHash, hashToken(match[1]!)), isNull(scimTokens.revokedAt), creatorIsHr()))
    .returning({ id: scimTokens.id, organisationId: scimTokens.organisationId, createdByUserId: scimTokens.createdByUserId });
  if (!row) return null;
  return { organisationId: row.organisationId, tokenId: row.id, createdByUserId: row.createdByUserId, baseUrl };
}
