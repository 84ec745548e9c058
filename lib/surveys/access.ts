import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { invitations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { loadRequestFor } from "@/lib/auth/permissions";
import { getViewer } from "@/lib/auth/session";
import { readSurveySession, surveySessionNeedsRenewal } from "@/lib/auth/survey-session";
import type { SurveyTarget } from "./schema";
import { loadSurveyContext, type SurveyContext } from "./responses";

/**
 * Who may answer which survey: a rater holding that survey's session cookie, or the subject
 * signed in, for their own self-assessment. (Here in the survey domain, not in lib/auth: it needs
 * the survey's context, and lib/auth depends on no domain.) Everything else gets the same "closed or unknown"
 * answer, which says nothing about the request behind it.
 */
export const SURVEY_GONE =
  "This survey link has expired or is closed. Open the link in your e-mail again; if it still does not work, the feedback has closed.";

export async function resolveSurvey(
  target: SurveyTarget,
  now = new Date(),
): Promise<SurveyContext & { tokenId: string | null; renewSession: boolean }> {
  const db = await getDb();
  let invitationId: string | undefined;
  let tokenId: string | null = null;
  let renewSession = false;
  if (target.kind === "rater") {
    const session = await readSurveySession(target.invitationId, now.getTime());
    if (session) {
      invitationId = target.invitationId;
      tokenId = session.tokenId;
      renewSession = surveySessionNeedsRenewal(session, now.getTime());
    }
  } else {
    const viewer = await getViewer();
    if (viewer) {
      const ctx = await loadRequestFor(viewer, target.requestId, "manage", db).catch(() => null);
      if (ctx) {
        const [self] = await db
          .select({ id: invitations.id })
          .from(invitations)
          .where(and(eq(invitations.requestId, ctx.request.id), eq(invitations.raterGroup, "self")));
        invitationId = self?.id;
      }
    }
  }
  const ctx = invitationId ? await loadSurveyContext(db, invitationId, now, tokenId ?? undefined) : null;
  if (!ctx || (target.kind === "rater" && ctx.group === "self")) throw new AppError("not_found", SURVEY_GONE);
  return { ...ctx, tokenId, renewSession };
}
