"use server";

import { revalidatePath } from "next/cache";
import { viewerAction } from "@/lib/auth/action";
import { loadRequestFor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { nominateExternal, nominatePerson, removeNomination, revokeInvitation, searchDirectory } from "./nominations";
import {
  approvalDecisionSchema,
  invitationRefSchema,
  nominateExternalSchema,
  nominatePersonSchema,
  personalRequestSchema,
  requestRefSchema,
  searchDirectorySchema,
  startRequestSchema,
  submitNominationsSchema,
} from "./schemas";
import { approveNominations, remindRaters, resendInvitation, returnNominations, submitNominations } from "./sending";
import { startPersonalRequest, startRequestInCycle } from "./start";

/** Thin wrappers: validate, resolve who may act on which request, call the domain, refresh the page. */

const refresh = (requestId: string) => revalidatePath(`/requests/${requestId}`);

export const startRequestAction = viewerAction(startRequestSchema, async ({ cycleId }, viewer) => {
  return { requestId: await startRequestInCycle(await getDb(), viewer, cycleId) };
});

export const startPersonalRequestAction = viewerAction(personalRequestSchema, async ({ closesOn }, viewer) => {
  return { requestId: await startPersonalRequest(await getDb(), viewer, closesOn) };
});

export const searchDirectoryAction = viewerAction(searchDirectorySchema, async ({ requestId, query }, viewer) => {
  const db = await getDb();
  const ctx = await loadRequestFor(viewer, requestId, "view", db);
  return searchDirectory(db, ctx, query);
});

export const nominatePersonAction = viewerAction(nominatePersonSchema, async (input, viewer) => {
  const db = await getDb();
  const ctx = await loadRequestFor(viewer, input.requestId, "view", db);
  const invitationId = await nominatePerson(db, ctx, input, viewer);
  refresh(input.requestId);
  return { invitationId };
});

export const nominateExternalAction = viewerAction(nominateExternalSchema, async (input, viewer) => {
  const db = await getDb();
  const ctx = await loadRequestFor(viewer, input.requestId, "view", db);
  const invitationId = await nominateExternal(db, ctx, input, viewer);
  refresh(input.requestId);
  return { invitationId };
});

export const removeNominationAction = viewerAction(invitationRefSchema, async ({ requestId, invitationId }, viewer) => {
  const db = await getDb();
  await removeNomination(db, await loadRequestFor(viewer, requestId, "view", db), invitationId, viewer);
  refresh(requestId);
  return null;
});

export const revokeInvitationAction = viewerAction(invitationRefSchema, async ({ requestId, invitationId }, viewer) => {
  const db = await getDb();
  await revokeInvitation(db, await loadRequestFor(viewer, requestId, "manage", db), invitationId);
  refresh(requestId);
  return null;
});

export const resendInvitationAction = viewerAction(invitationRefSchema, async ({ requestId, invitationId }, viewer) => {
  const db = await getDb();
  const outcome = await resendInvitation(db, await loadRequestFor(viewer, requestId, "manage", db), invitationId);
  refresh(requestId);
  return { outcome };
});

export const submitNominationsAction = viewerAction(submitNominationsSchema, async ({ requestId, confirmUnderThreshold }, viewer) => {
  const db = await getDb();
  const outcome = await submitNominations(
    db,
    await loadRequestFor(viewer, requestId, "manage", db),
    confirmUnderThreshold,
    new Date(),
    viewer,
  );
  refresh(requestId);
  return outcome;
});

export const remindRatersAction = viewerAction(requestRefSchema, async ({ requestId }, viewer) => {
  const db = await getDb();
  // No count goes back: combined with revoking, it could tell whether one person had answered.
  await remindRaters(db, await loadRequestFor(viewer, requestId, "manage", db));
  refresh(requestId);
  return { reminded: true };
});

export const decideNominationsAction = viewerAction(approvalDecisionSchema, async (input, viewer) => {
  const db = await getDb();
  const ctx = await loadRequestFor(viewer, input.requestId, "approve", db);
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
