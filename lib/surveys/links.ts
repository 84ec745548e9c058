import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import { cycles, feedbackRequests, invitations, invitationTokens, organisations, people } from "@/lib/db/schema";
import { mayAnswerRequest } from "@/lib/lifecycle";
import { hashToken } from "@/lib/tokens";
import { surveyColumns } from "./columns";

/**
 * What a survey link leads to. Looking a link up never changes anything (mail scanners prefetch
 * links): only the explicit "start" action exchanges it for a survey session.
 */
export type LinkStatus = "valid" | "closed" | "invalid";

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{40,64}$/;

export async function findSurveyLink(db: Executor, token: string, now = new Date()) {
  if (!TOKEN_SHAPE.test(token)) return { status: "invalid" as const };
  const [row] = await db
    .select({ ...surveyColumns, tokenId: invitationTokens.id })
    .from(invitationTokens)
    .innerJoin(invitations, eq(invitations.id, invitationTokens.invitationId))
    .innerJoin(feedbackRequests, eq(feedbackRequests.id, invitations.requestId))
    .innerJoin(cycles, eq(cycles.id, feedbackRequests.cycleId))
    .innerJoin(people, eq(people.id, feedbackRequests.subjectPersonId))
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .where(and(eq(invitationTokens.tokenHash, hashToken(token)), isNull(invitationTokens.revokedAt), isNull(invitations.revokedAt)))
    .limit(1);
  if (!row) return { status: "invalid" as const };
  if (!mayAnswerRequest({ status: row.cycleStatus, closesAt: row.closesAt }, { status: row.requestStatus }, now))
    return { status: "closed" as const };
  return { status: "valid" as const, link: row };
}

export type ValidSurveyLink = Extract<Awaited<ReturnType<typeof findSurveyLink>>, { status: "valid" }>["link"];
