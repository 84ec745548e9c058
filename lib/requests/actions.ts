"use server";

import { revalidatePath } from "next/cache";
import { requestAction, viewerAction } from "@/lib/auth/action";
import { getDb } from "@/lib/db";
import { nominateAllSuggested, nominateExternal, nominatePerson, removeNomination, revokeInvitation, searchDirectory } from "./nominations";
import {
  approvalDecisionSchema,
  invitationRefSchema,
  mySurveyLinkSchema,
  nominateExternalSchema,
  nominatePersonSchema,
  personalRequestSchema,
  requestRefSchema,
  searchDirectorySchema,
  startRequestSchema,
  submitNominationsSchema,
} from "./schemas";
import { emailMySurveyLink } from "./asked-of-you";
import { approveNominations, remindRaters, resendInvitation, returnNominations, submitNominations } from "./sending";
import { startPersonalRequest, startRequestInCycle } from "./start";

/**
 * Thin wrappers: each declares who may act on which request (`requestAction(need, …)` loads it once
 * through the one loader), then calls the domain and refreshes the page.
 */

const refresh = (requestId: string) => revalidatePath(`/requests/${requestId}`);

export const startRequestAction = viewerAction(startRequestSchema, async ({ cycleId }, viewer) => {
  return { requestId: await startRequestInCycle(await getDb(), viewer, cycleId) };
});

export const startPersonalRequestAction = viewerAction(personalRequestSchema, async ({ closesOn }, viewer) => {
  return { requestId: await startPersonalRequest(await getDb(), viewer, closesOn) };
});

/** A signed-in rater's "e-mail me my link": the domain checks the invitation is addressed to them. */
export const emailMySurveyLinkAction = viewerAction(mySurveyLinkSchema, async ({ invitationId }, viewer) => {
  return { sent: (await emailMySurveyLink(await getDb(), viewer, invitationId)) === "sent" };
});

// Only who may add raters searches for them (the subject): to an approver, "already nominated" next
// to any name would list the raters of a request they only see in counts once it is collecting.
export const searchDirectoryAction = requestAction("manage", searchDirectorySchema, async ({ query }, ctx) => {
  return searchDirectory(await getDb(), ctx, query);
});

export const nominatePersonAction = requestAction("view", nominatePersonSchema, async (input, ctx, viewer) => {
  const invitationId = await nominatePerson(await getDb(), ctx, input, viewer);
  refresh(input.requestId);
  return { invitationId };
});

export const nominateAllSuggestedAction = requestAction("view", requestRefSchema, async ({ requestId }, ctx, viewer) => {
  const outcome = await nominateAllSuggested(await getDb(), ctx, viewer);
  refresh(requestId);
  return outcome;
});

export const nominateExternalAction = requestAction("view", nominateExternalSchema, async (input, ctx, viewer) => {
  const invitationId = await nominateExternal(await getDb(), ctx, input, viewer);
  refresh(input.requestId);
  return { invitationId };
});

export const removeNominationAction = requestAction("view", invitationRefSchema, async ({ requestId, invitationId }, ctx, viewer) => {
  await removeNomination(await getDb(), ctx, invitationId, viewer);
  refresh(requestId);
  return null;
});

export const revokeInvitationAction = requestAction("manage", invitationRefSchema, async ({ requestId, invitationId }, ctx) => {
  await revokeInvitation(await getDb(), ctx, invitationId);
  refresh(requestId);
  return null;
});

export const resendInvitationAction = requestAction("manage", invitationRefSchema, async ({ requestId, invitationId }, ctx) => {
  const outcome = await resendInvitation(await getDb(), ctx, invitationId);
  refresh(requestId);
  return { outcome };
});

export const submitNominationsAction = requestAction(
  "manage",
  submitNominationsSchema,
  async ({ requestId, confirmUnderThreshold }, ctx, viewer) => {
    const outcome = await submitNominations(await getDb(), ctx, confirmUnderThreshold, new Date(), viewer);
    refresh(requestId);
    return outcome;
  },
);

export const remindRatersAction = requestAction("manage", requestRefSchema, async ({ requestId }, ctx) => {
  // No count goes back: combined with revoking, it could tell whether one person had answered.
  await remindRaters(await getDb(), ctx);
  refresh(requestId);
  return { reminded: true };
});

export const decideNominationsAction = requestAction("approve", approvalDecisionSchema, async (input, ctx, viewer) => {
  const db = await getDb();
  // The decision and its audit row are one guarded change in the domain: a losing concurrent
  // decision is refused there, records nothing and sends nothing.
  if (input.decision === "approve") {
    const outcome = await approveNominations(db, ctx, { round: input.round }, viewer);
    refresh(input.requestId);
    return { decision: "approve" as const, ...outcome };
  }
  await returnNominations(db, ctx, { round: input.round, note: input.note }, viewer);
  refresh(input.requestId);
  return { decision: "reject" as const, sent: 0, failed: 0 };
});
