import { and, eq, isNull, or } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { memberships, organisationSso, users } from "@/lib/db/schema";

/**
 * Only people who belong to an organisation that takes e-mail links can sign in with one; nobody
 * else is sent a link (an organisation whose HR switched links off signs its people in with its
 * own identity provider only, lib/auth/sso.ts).
 */
export async function canSignInByEmail(db: Executor, email: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisationSso, eq(organisationSso.organisationId, memberships.organisationId))
    .where(and(eq(users.email, email), or(isNull(organisationSso.organisationId), eq(organisationSso.emailLinks, true))))
    .limit(1);
  return rows.length > 0;
}
