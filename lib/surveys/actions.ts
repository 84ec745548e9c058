"use server";

import { redirect } from "next/navigation";
import { publicAction } from "@/lib/auth/action";
import { resolveSurvey } from "./access";
import { startSurveySession, surveyPath } from "@/lib/auth/survey-session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { clientIp, enforce, LIMITS } from "@/lib/rate-limit";
import { findSurveyLink } from "./links";
import { declineInvitation, saveDraft, submitResponse } from "./responses";
import { declineInput, openSurveyInput, saveDraftInput, submitInput } from "./schema";

/**
 * Survey actions are "public" (raters have no account); each one proves its right to act through
 * resolveSurvey: the survey's session cookie, or the signed-in subject for the self-assessment.
 */

/** The explicit step that exchanges an e-mailed token for a survey session (a GET never does). */
export const openSurveyAction = publicAction(openSurveyInput, async ({ token }) => {
  await enforce(
    [
      [LIMITS.surveyLinkPerLink, token],
      [LIMITS.surveyLinkPerIp, await clientIp()],
    ],
    "Too many attempts with this link. Please wait an hour and try again.",
  );
  const found = await findSurveyLink(await getDb(), token);
  if (found.status !== "valid") throw new AppError("not_found", "This link does not work any more.");
  await startSurveySession(found.link.invitationId, found.link.tokenId);
  redirect(surveyPath(found.link.invitationId));
});

export const saveDraftAction = publicAction(saveDraftInput, async ({ target, baseVersion, values }) => {
  const ctx = await resolveSurvey(target);
  const result = await saveDraft(await getDb(), ctx, values, baseVersion);
  // Keep an active rater's session alive, but not on every autosave (see surveySessionNeedsRenewal).
  if (ctx.tokenId && ctx.renewSession) await startSurveySession(ctx.invitationId, ctx.tokenId);
  return result;
});

export const submitSurveyAction = publicAction(submitInput, async ({ target, mode, values }) => {
  const ctx = await resolveSurvey(target);
  return { outcome: await submitResponse(await getDb(), ctx, values, mode) };
});

export const declineSurveyAction = publicAction(declineInput, async ({ invitationId, reason }) => {
  const ctx = await resolveSurvey({ kind: "rater", invitationId });
  await declineInvitation(await getDb(), ctx, reason);
  return { declined: true };
});
