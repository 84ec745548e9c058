import { and, eq, isNull, ne } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { invitationTokens } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { generateToken, hashToken } from "@/lib/tokens";

/** A new survey link for an invitation. Only the token's hash is stored. */
export async function issueSurveyLink(db: Executor, organisationId: string, invitationId: string) {
  const token = generateToken();
  const [row] = await db
    .insert(invitationTokens)
    .values({ organisationId, invitationId, tokenHash: hashToken(token) })
    .returning({ id: invitationTokens.id });
  return { tokenId: row!.id, url: `${env().appUrl}/s/${token}` };
}

export async function revokeSurveyLink(db: Executor, tokenId: string, now = new Date()) {
  await db.update(invitationTokens).set({ revokedAt: now }).where(eq(invitationTokens.id, tokenId));
}

/** Kill every live link of an invitation (re-send, revoke), except `keep` if given. */
export async function revokeAllSurveyLinks(db: Executor, invitationId: string, now = new Date(), keep?: string) {
  await db
    .update(invitationTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitationTokens.invitationId, invitationId),
        isNull(invitationTokens.revokedAt),
        keep ? ne(invitationTokens.id, keep) : undefined,
      ),
    );
}
